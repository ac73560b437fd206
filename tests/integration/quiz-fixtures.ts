/** Shared set-up of the quiz and exam tests: a tiny roster and a question bank with known answers. */
import type { Clock } from '../../src/clock.js'
import { AppError } from '../../src/errors.js'
import { createSessionQuiz, type CreatedQuiz } from '../../src/quizzes/quiz.service.js'
import type { QuizSpec } from '../../src/quizzes/quiz.schema.js'
import { findSession } from '../../src/sessions/sessions.repo.js'
import type { Db } from '../../src/storage/db.js'

export const T0 = '2024-03-01T00:00:00.000Z'

export async function seedRoster(db: Db): Promise<void> {
  await db.batch([
    {
      sql: `INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL', '平罗县人民政府', NULL, '/PL/', ?, ?)`,
      args: [T0, T0],
    },
    {
      sql: `INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL-SF', '平罗县司法局', 'PL', '/PL/PL-SF/', ?, ?)`,
      args: [T0, T0],
    },
    {
      sql: `INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('HL', '惠农区人民政府', NULL, '/HL/', ?, ?)`,
      args: [T0, T0],
    },
    ...[
      ['A001', '张三', 'PL', 1],
      ['A002', '李四', 'PL-SF', 0],
      ['A003', '王五', 'PL', 0],
      ['B001', '赵六', 'HL', 1],
    ].map(([id, name, unit, leader]) => ({
      sql: `INSERT INTO officials (id, name, unit_code, is_leader, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      args: [id!, name!, unit!, leader!, T0, T0],
    })),
  ])
}

export interface BankSize {
  single: number
  multiple: number
  judge: number
}

/**
 * Questions S01…, M01…, J01… on 行政复议法. Singles: options 甲乙丙丁, answer B (乙). Multiples: options
 * 甲乙丙丁, answer ACD (甲丙丁). Judges: answer 对 for odd numbers, 错 for even ones.
 */
export async function seedQuestions(
  db: Db,
  size: BankSize = { single: 4, multiple: 3, judge: 3 },
  law = '中华人民共和国行政复议法',
): Promise<void> {
  const rows: [string, string, string[], string][] = []
  for (let i = 1; i <= size.single; i++) rows.push([`S${pad(i)}`, 'single', ['甲', '乙', '丙', '丁'], 'B'])
  for (let i = 1; i <= size.multiple; i++) rows.push([`M${pad(i)}`, 'multiple', ['甲', '乙', '丙', '丁'], 'ACD'])
  for (let i = 1; i <= size.judge; i++) rows.push([`J${pad(i)}`, 'judge', [], i % 2 === 1 ? 'T' : 'F'])
  await db.batch(
    rows.map(([id, type, options, answer]) => ({
      sql: `INSERT INTO questions (id, type, stem, options_json, answer, explanation, law_title, article, source, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, '第二十条', 'import', ?, ?)`,
      args: [id, type, `题目${id}`, JSON.stringify(options), answer, `解析${id}`, law, T0, T0],
    })),
  )
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** The letter the person sees for the canonical option text, read from the question text the bot sent. */
export function shownLetterOf(questionText: string, optionText: string): string {
  const line = questionText.split('\n').find((l) => new RegExp(`^[A-F]\\. ${optionText}$`).test(l))
  if (!line) throw new Error(`option ${optionText} not in:\n${questionText}`)
  return line[0]!
}

/** The correct reply to a question the bot sent, in the person's letters. */
export function rightReply(questionText: string): string {
  const id = /题目([SMJ]\d+)/.exec(questionText)?.[1]
  if (!id) throw new Error(`no question id in ${questionText}`)
  if (id.startsWith('S')) return shownLetterOf(questionText, '乙')
  if (id.startsWith('M'))
    return ['甲', '丙', '丁']
      .map((o) => shownLetterOf(questionText, o))
      .sort()
      .join('')
  return Number(id.slice(1)) % 2 === 1 ? '对' : '错'
}

/** A wrong reply to a question the bot sent. */
export function wrongReply(questionText: string): string {
  const id = /题目([SMJ]\d+)/.exec(questionText)?.[1] ?? ''
  if (id.startsWith('S')) return shownLetterOf(questionText, '甲')
  if (id.startsWith('M'))
    return ['甲', '丙']
      .map((o) => shownLetterOf(questionText, o))
      .sort()
      .join('') // one option missing
  return Number(id.slice(1)) % 2 === 1 ? '错' : '对'
}

/**
 * The quiz of an existing session, written as the session's own write writes it (createSessionQuiz in a write
 * transaction), for the tests of the quiz itself: what was drawn, and that a second quiz is refused (CONFLICT).
 */
export async function addQuizTo(db: Db, sessionId: string, spec: QuizSpec, clock: Clock): Promise<CreatedQuiz> {
  return db.write(async (tx) => {
    const session = await findSession(tx, sessionId)
    if (!session) throw new AppError('NOT_FOUND', `session ${sessionId} not found`)
    return createSessionQuiz(tx, session, spec, clock)
  })
}
