import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { QuestionType } from './grading.rules.js'
import { normalizeLaws } from '../laws.js'

export interface Question {
  id: string
  type: QuestionType
  stem: string
  /** in canonical letter order A, B, … */
  options: string[]
  /** canonical letters, 'T'/'F' for judge, reference text for short */
  answer: string
  explanation: string | null
  lawTitle: string
  article: string | null
  tags: string[]
  retiredAt: string | null
}

const COLUMNS = 'id, type, stem, options_json, answer, explanation, law_title, article, tags, retired_at'

function toQuestion(r: Row): Question {
  return {
    id: String(r.id),
    type: String(r.type) as QuestionType,
    stem: String(r.stem),
    options: JSON.parse(String(r.options_json ?? '[]')) as string[],
    answer: String(r.answer),
    explanation: r.explanation == null ? null : String(r.explanation),
    lawTitle: String(r.law_title),
    article: r.article == null ? null : String(r.article),
    tags:
      r.tags == null
        ? []
        : String(r.tags)
            .split(';')
            .filter((t) => t !== ''),
    retiredAt: r.retired_at == null ? null : String(r.retired_at),
  }
}

/**
 * Questions by id, retired ones included (past attempts still show them). Every answer in chat needs
 * its attempt's questions; they are kept in memory per database and dropped whenever the bank's
 * version (bumped by triggers on every change, in any process) moves on — one small read instead
 * of ten rows.
 */
export async function findQuestions(ex: Executor, ids: readonly string[]): Promise<Map<string, Question>> {
  const stamp = await ex.execute(
    "SELECT (SELECT value FROM settings WHERE key = 'db.instance') || ':' || (SELECT value FROM settings WHERE key = 'questions.version') AS v",
  )
  const version = String(stamp.rows[0]?.v ?? '')
  if (version !== cache.version) {
    cache.version = version
    cache.byId.clear()
  }
  const unique = [...new Set(ids)]
  const missing = unique.filter((id) => !cache.byId.has(id))
  for (let i = 0; i < missing.length; i += 500) {
    const chunk = missing.slice(i, i + 500)
    const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM questions WHERE id IN (${chunk.map(() => '?').join(',')})`, args: chunk })
    for (const r of rs.rows) {
      if (cache.byId.size >= CACHE_LIMIT) cache.byId.clear()
      cache.byId.set(String(r.id), toQuestion(r))
    }
  }
  const map = new Map<string, Question>()
  for (const id of unique) {
    const q = cache.byId.get(id)
    if (q) map.set(id, q)
  }
  return map
}

const CACHE_LIMIT = 5000
/** '' never matches a real stamp, so the first call reads the stamp and fills the cache */
const cache = { version: '', byId: new Map<string, Question>() }

export interface DrawFilter {
  /** law titles, as written: each is brought to its canonical title (laws.ts) before it is matched */
  laws?: readonly string[]
  types?: readonly QuestionType[]
}

/** Questions a draw may take: never retired ones. */
export async function listDrawableQuestions(ex: Executor, f: DrawFilter = {}): Promise<Question[]> {
  const where = ['retired_at IS NULL']
  const args: string[] = []
  const laws = normalizeLaws(f.laws ?? [])
  if (laws.length > 0) {
    where.push(`law_title IN (${laws.map(() => '?').join(',')})`)
    args.push(...laws)
  }
  if (f.types && f.types.length > 0) {
    where.push(`type IN (${f.types.map(() => '?').join(',')})`)
    args.push(...f.types)
  }
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM questions WHERE ${where.join(' AND ')} ORDER BY id`, args })
  return rs.rows.map(toQuestion)
}

/** The laws a draw can take questions of (not retired), with how many, most first. */
export async function listLawsWithQuestions(ex: Executor): Promise<{ title: string; questions: number }[]> {
  const rs = await ex.execute(
    `SELECT law_title, COUNT(*) AS n FROM questions WHERE retired_at IS NULL AND type IN ('single','multiple','judge')
      GROUP BY law_title ORDER BY n DESC, law_title`,
  )
  return rs.rows.map((r) => ({ title: String(r.law_title), questions: Number(r.n) }))
}

/** Returns false when there is no such question; retiring twice keeps the first time. */
export async function setQuestionRetired(ex: Executor, id: string, retired: boolean, now: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: retired
      ? 'UPDATE questions SET retired_at = COALESCE(retired_at, :now), updated_at = :now WHERE id = :id'
      : 'UPDATE questions SET retired_at = NULL, updated_at = :now WHERE id = :id',
    args: { id, now },
  })
  return rs.rowsAffected > 0
}
