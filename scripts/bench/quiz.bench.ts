/**
 * Answers graded end to end — an incoming chat message → filters → router → parse and grade → answer row
 * (and the attempt's close on the last question) → reply handed to the channel — against raw libSQL
 * `client.batch()` inserts of the same answer rows, one write batch per answer as each chat message is
 * its own transaction. Same database file, same run. A second figure compares with all rows in a single
 * batch, the fastest libSQL can write them at all.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { InStatement } from '@libsql/client'
import { openDb, type Db } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { createChat, type Chat } from '../../src/chat/create-chat.js'
import { registerQuizCommands } from '../../src/chat/commands/quiz.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { seededRandom } from '../../src/quizzes/layout.rules.js'
import type { BenchFigure } from './types.js'

const TZ = 'Asia/Shanghai'
const T0 = '2024-03-04T00:00:00.000Z'
const GOAL = 0.1

export interface QuizBenchOptions {
  officials: number
  questions: number
}

async function seed(db: Db, o: QuizBenchOptions): Promise<void> {
  const stmts: InStatement[] = [
    { sql: `INSERT INTO units (code, name, path, created_at, updated_at) VALUES ('PL', '平罗县', '/PL/', ?, ?)`, args: [T0, T0] },
  ]
  for (let i = 0; i < o.officials; i++) {
    const id = `P${String(i).padStart(5, '0')}`
    stmts.push(
      {
        sql: `INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, 'PL', ?, ?)`,
        args: [id, `干部${i}`, T0, T0],
      },
      {
        sql: `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES (?, 'wechaty', ?, ?, ?)`,
        args: [id, `wx-${id}`, `k-${id}`, T0],
      },
    )
  }
  for (let i = 0; i < o.questions; i++) {
    const type = i % 3 === 0 ? 'judge' : i % 3 === 1 ? 'single' : 'multiple'
    stmts.push({
      sql: `INSERT INTO questions (id, type, stem, options_json, answer, explanation, law_title, article, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, '解析', '中华人民共和国行政复议法', '第二十条', ?, ?)`,
      args: [
        `Q${i}`,
        type,
        `题${i}`,
        JSON.stringify(type === 'judge' ? [] : ['甲', '乙', '丙', '丁']),
        type === 'judge' ? 'T' : type === 'single' ? 'B' : 'ACD',
        T0,
        T0,
      ],
    })
  }
  await db.batch(stmts)
  await createSession(
    { db, clock: new ManualClock(T0), tz: TZ },
    {
      id: 'S1',
      kind: 'pre_meeting',
      title: '学法',
      startsAt: new Date('2024-03-05T01:00:00Z'),
      unitCode: 'PL',
      quiz: quizSpecSchema.parse({ questionIds: Array.from({ length: o.questions }, (_, i) => `Q${i}`) }),
    },
    { actor: 'bench' },
  )
}

let counter = 0
function message(officialId: string, text: string, clock: ManualClock) {
  return {
    id: `bench-${++counter}`,
    channel: 'wechaty',
    contactId: `wx-${officialId}`,
    contactAlias: null,
    displayName: officialId,
    roomId: null,
    mentioned: false,
    text,
    sentAt: clock.now(),
    fromSelf: false,
    fromBot: false,
  }
}

const ANSWERS = ['A', 'B', 'AC', 'ACD', '对', '错', 'BD']
const noActions = { rememberContact: async () => undefined }

/** Every official starts the quiz (not timed), then all answer question by question, interleaved. */
async function runChat(chat: Chat, o: QuizBenchOptions, clock: ManualClock): Promise<{ answers: number; ms: number }> {
  const ids = Array.from({ length: o.officials }, (_, i) => `P${String(i).padStart(5, '0')}`)
  for (const id of ids) await chat.handleIncoming(message(id, '答题', clock), noActions)
  const random = seededRandom('bench')
  const started = performance.now()
  let answers = 0
  for (let q = 0; q < o.questions; q++) {
    for (const id of ids) {
      // judge questions sit at positions 1, 4, 7…; the other replies may be refused as the wrong shape and are retried
      const judge = q % 3 === 0
      const text = judge ? (random() < 0.5 ? '对' : '错') : ANSWERS[Math.floor(random() * 4)]!
      await chat.handleIncoming(message(id, q % 3 === 1 && text.length > 1 ? 'B' : text, clock), noActions)
      answers++
    }
  }
  return { answers, ms: performance.now() - started }
}

async function answerRows(db: Db): Promise<InStatement[]> {
  const rs = await db.execute('SELECT attempt_id, question_id, position, given, is_correct, answered_at FROM answers ORDER BY id')
  return rs.rows.map((r) => ({
    sql: `INSERT INTO answers (attempt_id, question_id, position, given, is_correct, answered_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    args: [
      r.attempt_id ?? null,
      r.question_id ?? null,
      r.position ?? null,
      r.given ?? null,
      r.is_correct ?? null,
      r.answered_at ?? null,
      100,
    ],
  }))
}

export async function benchQuiz(o: QuizBenchOptions = { officials: 200, questions: 10 }): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-quiz-'))
  const db = await openDb(`file:${join(dir, 'bench.db')}`)
  try {
    const clock = new ManualClock('2024-03-04T08:00:00Z')
    await runMigrations(db, clock)
    await seed(db, o)
    const channel = new RecordingChannel('wechaty')
    const chat = createChat({ db, clock, tz: TZ, logger: silentLogger, channel }, [registerQuizCommands])
    const e2e = await runChat(chat, o, clock)
    const recorded = Number((await db.execute('SELECT COUNT(*) AS n FROM answers')).rows[0]!.n)
    if (recorded !== e2e.answers) throw new Error(`expected ${e2e.answers} answers, the database has ${recorded}`)
    const rows = await answerRows(db)

    let t = performance.now()
    for (const stmt of rows) await db.client.batch([stmt], 'write')
    const perRowMs = performance.now() - t
    await db.execute('DELETE FROM answers WHERE revision = 100')
    t = performance.now()
    await db.client.batch(rows, 'write')
    const bulkMs = performance.now() - t

    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000)
    const value = rate(e2e.answers, e2e.ms)
    const figure = (name: string, baseline: number): BenchFigure => {
      const ratio = Math.round((value / baseline) * 1000) / 1000
      return { name, value, unit: 'answers/s', baseline, ratio, goal: `>= ${GOAL}`, met: ratio >= GOAL }
    }
    return [
      figure('quiz.answers_graded', rate(rows.length, perRowMs)),
      figure('quiz.answers_graded.vs_single_batch', rate(rows.length, bulkMs)),
    ]
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchQuiz()
  for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`)
}
