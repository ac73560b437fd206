/**
 * Attendance marks: upsert by (session, official), both of which must already exist (see references.ts). Marks written here
 * carry the importing actor and the import's time; a mark that says the same as the database is left as it is.
 */
import type { InValue, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { emptyCounts, findDuplicates, keep, sameValues, text, type Item, type Plan, type PlanContext } from './apply.js'
import { selectWhereIn, upsertWrites } from './bulk.repo.js'
import type { AttendanceRecord } from './rows.js'

const ATTENDANCE_UPSERT = {
  table: 'attendance',
  columns: ['session_id', 'official_id', 'status', 'note', 'source', 'marked_by', 'marked_at'],
  conflict: ['session_id', 'official_id'],
  update: ['status', 'note', 'source', 'marked_by', 'marked_at'],
} as const

const keyOf = (sessionId: string, officialId: string) => `${sessionId}\u0000${officialId}`

export async function planAttendance(ex: Executor, items: Item<AttendanceRecord>[], ctx: PlanContext): Promise<Plan> {
  const { unique, problems } = findDuplicates(
    items,
    (r) => keyOf(r.sessionId, r.officialId),
    (item, first) => ({
      line: item.line,
      column: ctx.header('official_id'),
      message: `人员「${item.record.officialId}」在活动「${item.record.sessionId}」的出勤已在第 ${first} 行填写`,
    }),
  )
  const sessionIds = [...unique.values()].map((i) => i.record.sessionId)
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const existing = new Map<string, Row>()
  const marks = await selectWhereIn(ex, 'attendance', ['session_id', 'official_id', 'status', 'note'], 'session_id', sessionIds)
  for (const r of marks) existing.set(keyOf(String(r.session_id), String(r.official_id)), r)

  const counts = emptyCounts()
  const rows: InValue[][] = []
  for (const [key, { record }] of unique) {
    const before = existing.get(key)
    const note = keep(record.note, before ? text(before.note) : undefined, null)
    if (!before) counts.inserted++
    else if (sameValues([record.status, note], [before.status, before.note])) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push([record.sessionId, record.officialId, record.status, note, 'import', ctx.actor, ctx.now])
  }
  return { problems, counts, writes: upsertWrites(ATTENDANCE_UPSERT, rows) }
}
