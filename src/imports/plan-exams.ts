/**
 * The question bank (upsert by id; a question's retirement is not the file's business) and exam results
 * (one row per sitting, keyed by exam, official and time, as the UNIQUE constraint says).
 */
import type { InValue, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import {
  PAUSE_EVERY_ROWS,
  emptyCounts,
  findDuplicates,
  pacedUpsertWrites,
  sameValues,
  type Item,
  type Plan,
  type PlanContext,
} from './apply.js'
import { selectWhereIn } from './bulk.repo.js'
import type { ExamResultRecord, QuestionRecord } from './rows.js'

const QUESTION_UPSERT = {
  table: 'questions',
  columns: [
    'id',
    'type',
    'stem',
    'options_json',
    'answer',
    'explanation',
    'law_title',
    'article',
    'tags',
    'source',
    'created_at',
    'updated_at',
  ],
  conflict: ['id'],
  update: ['type', 'stem', 'options_json', 'answer', 'explanation', 'law_title', 'article', 'tags', 'updated_at'],
} as const

const RESULT_UPSERT = {
  table: 'exam_results',
  columns: ['exam_kind', 'official_id', 'taken_at', 'score', 'passed', 'attempt', 'proposed_post', 'outcome', 'source', 'created_at'],
  conflict: ['exam_kind', 'official_id', 'taken_at'],
  update: ['score', 'passed', 'attempt', 'proposed_post', 'outcome'],
} as const

export async function planQuestions(ex: Executor, items: Item<QuestionRecord>[], ctx: PlanContext): Promise<Plan> {
  const { unique, problems } = findDuplicates(
    items,
    (r) => r.id,
    (item, first) => ({
      line: item.line,
      column: ctx.header('id'),
      message: `题号「${item.record.id}」与第 ${first} 行重复`,
    }),
  )
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }
  const cols = ['id', 'type', 'stem', 'options_json', 'answer', 'explanation', 'law_title', 'article', 'tags']
  const existing = new Map<string, Row>()
  for (const r of await selectWhereIn(ex, 'questions', cols, 'id', unique.keys())) existing.set(String(r.id), r)

  const counts = emptyCounts()
  const rows: InValue[][] = []
  let seen = 0
  for (const [id, { record: q }] of unique) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    const after = [q.type, q.stem, JSON.stringify(q.options), q.answer, q.explanation, q.lawTitle, q.article, q.tags]
    const before = existing.get(id)
    if (!before) counts.inserted++
    else if (
      sameValues(after, [
        before.type,
        before.stem,
        before.options_json,
        before.answer,
        before.explanation,
        before.law_title,
        before.article,
        before.tags,
      ])
    ) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push([id, ...after, 'import', ctx.now, ctx.now])
  }
  return { problems, counts, writes: await pacedUpsertWrites(QUESTION_UPSERT, rows, ctx) }
}

const resultKey = (kind: string, officialId: string, takenAt: string) => `${kind}\u0000${officialId}\u0000${takenAt}`

export async function planExamResults(ex: Executor, items: Item<ExamResultRecord>[], ctx: PlanContext): Promise<Plan> {
  const { unique, problems } = findDuplicates(
    items,
    (r) => resultKey(r.examKind, r.officialId, r.takenAt),
    (item, first) => ({ line: item.line, column: ctx.header('taken_at'), message: `同一人同一考试同一时间的成绩已在第 ${first} 行填写` }),
  )
  const officialIds = [...unique.values()].map((i) => i.record.officialId)
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const existing = new Map<string, Row>()
  const cols = ['exam_kind', 'official_id', 'taken_at', 'score', 'passed', 'attempt', 'proposed_post', 'outcome']
  for (const r of await selectWhereIn(ex, 'exam_results', cols, 'official_id', officialIds)) {
    existing.set(resultKey(String(r.exam_kind), String(r.official_id), String(r.taken_at)), r)
  }

  const counts = emptyCounts()
  const rows: InValue[][] = []
  let seen = 0
  for (const [key, { record: r }] of unique) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    const after = [r.score, r.passed ? 1 : 0, r.attempt, r.proposedPost, r.outcome]
    const before = existing.get(key)
    if (!before) counts.inserted++
    else if (sameValues(after, [before.score, before.passed, before.attempt, before.proposed_post, before.outcome])) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push([r.examKind, r.officialId, r.takenAt, ...after, 'import', ctx.now])
  }
  return { problems, counts, writes: await pacedUpsertWrites(RESULT_UPSERT, rows, ctx) }
}
