/**
 * The imports' SQL, built from table and column names: reading the stored rows for a file's keys, and
 * multi-row upserts cut into chunks — one prepared statement per ~500 rows is what makes 100,000 marks import
 * in seconds. Names come from the planners' constants, never from a file; values are always parameters.
 */
import type { InStatement, InValue, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

export interface Write {
  stmt: InStatement
  /** file rows this statement carries, for progress */
  rows: number
}

export const ROWS_PER_STATEMENT = 500
const MAX_PARAMS = 30_000

/** `SELECT columns FROM table WHERE keyColumn IN (keys)`, in chunks. */
export async function selectWhereIn(
  ex: Executor,
  table: string,
  columns: readonly string[],
  keyColumn: string,
  keys: Iterable<string>,
): Promise<Row[]> {
  const all = [...new Set(keys)]
  const rows: Row[] = []
  for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
    const chunk = all.slice(i, i + ROWS_PER_STATEMENT)
    const rs = await ex.execute({
      sql: `SELECT ${columns.join(', ')} FROM ${table} WHERE ${keyColumn} IN (${chunk.map(() => '?').join(',')})`,
      args: chunk,
    })
    // not rows.push(...rs.rows): one key may match hundreds of thousands of rows (a held session's whole audience)
    for (const r of rs.rows) rows.push(r)
  }
  return rows
}

/** Every row of a (small) table. */
export async function selectAll(ex: Executor, table: string, columns: readonly string[]): Promise<Row[]> {
  return (await ex.execute(`SELECT ${columns.join(', ')} FROM ${table}`)).rows
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
  const tail = ` ON CONFLICT(${spec.conflict.join(', ')}) DO UPDATE SET ${spec.update.map((c) => `${c} = excluded.${c}`).join(', ')}`
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

/** `UPDATE table SET col = ?, … WHERE keyColumn IN (keys)`, in chunks. */
export function updateWhereInWrites(table: string, set: Record<string, InValue>, keyColumn: string, keys: string[], rowsEach = 1): Write[] {
  const assignments = Object.keys(set)
    .map((c) => `${c} = ?`)
    .join(', ')
  const writes: Write[] = []
  for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + ROWS_PER_STATEMENT)
    writes.push({
      stmt: {
        sql: `UPDATE ${table} SET ${assignments} WHERE ${keyColumn} IN (${chunk.map(() => '?').join(',')})`,
        args: [...Object.values(set), ...chunk],
      },
      rows: chunk.length * rowsEach,
    })
  }
  return writes
}
