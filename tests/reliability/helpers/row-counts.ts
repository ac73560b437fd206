import type { Db } from '../../../src/storage/db.js'

const TABLES = [
  'units',
  'officials',
  'sessions',
  'attendance',
  'questions',
  'exam_results',
  'jobs',
  'deliveries',
  'webhook_events',
  'audit_log',
  'processed_messages',
  'attempts',
  'answers',
  'chat_state',
] as const
export type CountedTable = (typeof TABLES)[number]

/** The row count of every table a refused input could touch: equal before and after means nothing was written. */
export async function rowCounts(db: Db): Promise<Record<CountedTable, number>> {
  const rs = await db.execute(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`)
  const row = rs.rows[0]!
  return Object.fromEntries(TABLES.map((t) => [t, Number(row[t])])) as Record<CountedTable, number>
}
