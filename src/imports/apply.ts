/**
 * What the planners share: reading rows for a list of keys, spotting keys repeated in the file, and
 * multi-row upserts cut into chunks — one prepared statement per ~500 rows is what makes 100,000 marks
 * import in seconds.
 */
import type { InStatement, InValue, Row, Transaction } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { ImportProblem } from './import.service.js'

export interface Item<T> {
  line: number
  record: T
}

export interface Write {
  stmt: InStatement
  /** file rows this statement carries, for progress */
  rows: number
}

export interface Counts {
  inserted: number
  updated: number
  unchanged: number
  left?: number
}

export interface Plan {
  problems: ImportProblem[]
  counts: Counts
  writes: Write[]
  /** extra figures for the audit log */
  detail?: Record<string, number>
  /** writes that go through another capability's use-case (sessions), after `writes`, in the same transaction */
  apply?: (tx: Transaction) => Promise<void>
}

export interface PlanContext {
  /** ISO UTC of the import */
  now: string
  /** XUEFA_TZ */
  tz: string
  actor: string
  /** how the file spells a column key */
  header(key: string): string
}

export type Planner<T> = (ex: Executor, items: Item<T>[], ctx: PlanContext) => Promise<Plan>

export const ROWS_PER_STATEMENT = 500
const MAX_PARAMS = 30_000

export function emptyCounts(): Counts {
  return { inserted: 0, updated: 0, unchanged: 0 }
}

/** Runs `SELECT … WHERE col IN (…)` over `keys` in chunks; `sql` receives the placeholder list. */
export async function selectIn(ex: Executor, sql: (placeholders: string) => string, keys: Iterable<string>): Promise<Row[]> {
  const all = [...new Set(keys)]
  const rows: Row[] = []
  for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
    const chunk = all.slice(i, i + ROWS_PER_STATEMENT)
    const rs = await ex.execute({ sql: sql(chunk.map(() => '?').join(',')), args: chunk })
    rows.push(...rs.rows)
  }
  return rows
}

/** Reports every row whose key an earlier row of the file already had. */
export function findDuplicates<T>(
  items: Item<T>[],
  keyOf: (r: T) => string,
  report: (item: Item<T>, firstLine: number) => ImportProblem,
): { unique: Map<string, Item<T>>; problems: ImportProblem[] } {
  const unique = new Map<string, Item<T>>()
  const problems: ImportProblem[] = []
  for (const item of items) {
    const key = keyOf(item.record)
    const first = unique.get(key)
    if (first) problems.push(report(item, first.line))
    else unique.set(key, item)
  }
  return { unique, problems }
}

export interface UpsertSpec {
  table: string
  columns: readonly string[]
  conflict: readonly string[]
  /** columns rewritten when the row exists */
  update: readonly string[]
}

/** `INSERT … VALUES (…),(…) ON CONFLICT DO UPDATE` over `rows`, each a value per column, in chunks. */
export function upsertWrites(spec: UpsertSpec, rows: InValue[][]): Write[] {
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / spec.columns.length)))
  const tuple = `(${spec.columns.map(() => '?').join(',')})`
  const head = `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES `
  const tail = ` ON CONFLICT(${spec.conflict.join(', ')}) DO UPDATE SET ` + spec.update.map((c) => `${c} = excluded.${c}`).join(', ')
  // every full chunk has the same text, so it is built once (and prepared once by the statement cache)
  const sqlFor = (count: number) => head + Array.from({ length: count }, () => tuple).join(',') + tail
  const fullSql = rows.length >= perStatement ? sqlFor(perStatement) : ''
  const writes: Write[] = []
  for (let i = 0; i < rows.length; i += perStatement) {
    const end = Math.min(i + perStatement, rows.length)
    const args: InValue[] = []
    for (let r = i; r < end; r++) for (const v of rows[r]!) args.push(v)
    writes.push({ stmt: { sql: end - i === perStatement ? fullSql : sqlFor(end - i), args }, rows: end - i })
  }
  return writes
}

/** `sql` with `(?,…)` for a chunk of keys, preceded by fixed `args`. */
export function keyedWrites(sql: (placeholders: string) => string, args: InValue[], keys: string[], rowsEach = 1): Write[] {
  const writes: Write[] = []
  for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + ROWS_PER_STATEMENT)
    writes.push({ stmt: { sql: sql(chunk.map(() => '?').join(',')), args: [...args, ...chunk] }, rows: chunk.length * rowsEach })
  }
  return writes
}

/** Values as stored: SQLite has no boolean or undefined. */
export function stored(v: unknown): InValue {
  if (v === undefined || v === null) return null
  if (typeof v === 'boolean') return v ? 1 : 0
  return v as InValue
}

export function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => stored(v) === stored(b[i]))
}

/** The file's value when its column is there, otherwise what the database has, otherwise a default. */
export function keep<T>(fromFile: T | undefined, existing: T | undefined, fallback: T): T {
  return fromFile !== undefined ? fromFile : existing !== undefined ? existing : fallback
}

export function text(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v)
}
