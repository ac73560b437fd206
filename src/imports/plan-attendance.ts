/**
 * Attendance marks: upsert by (session, official), both of which must already exist (see references.ts). Marks written here
 * carry the importing actor and the import's time; a mark that says the same as the database is left as it is.
 */
import type { InValue, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import {
  PAUSE_EVERY_ROWS,
  emptyCounts,
  findDuplicates,
  pacedUpsertWrites,
  keep,
  sameValues,
  text,
  type Item,
  type Plan,
  type PlanContext,
} from './apply.js'
import { selectWhereIn } from './bulk.repo.js'
import type { AttendanceRecord } from './rows.js'
import type { ImportProblem } from './import.types.js'
import { localDate } from '../calendar.js'
import { MESSAGES } from './row-fields.js'
import { checkInWindow } from '../sessions/timeline.rules.js'
import { loadTimelineSettings } from '../sessions/timeline.service.js'

const ATTENDANCE_UPSERT = {
  table: 'attendance',
  columns: ['session_id', 'official_id', 'status', 'note', 'source', 'marked_by', 'marked_at'],
  conflict: ['session_id', 'official_id'],
  update: ['status', 'note', 'source', 'marked_by', 'marked_at'],
} as const

const keyOf = (sessionId: string, officialId: string) => `${sessionId}\u0000${officialId}`

/** The rule of every way in (attendance.service.ts): before its check-in opens, a session takes only 请假. */
async function checkInOpened(ex: Executor, sessionId: string, startsAt: string, now: string): Promise<boolean> {
  return checkInWindow(new Date(startsAt), await loadTimelineSettings(ex, sessionId)).opensAt.toISOString() <= now
}

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
  const marks = await selectWhereIn(ex, 'attendance', ['session_id', 'official_id', 'status', 'note', 'source'], 'session_id', sessionIds)
  // an absence filled in when the session was held (source 'auto') is no one's record yet: the file's mark is new
  for (const r of marks) if (r.source !== 'auto') existing.set(keyOf(String(r.session_id), String(r.official_id)), r)

  // before the start only 请假 can be known; a mark for a date before the person joined is kept but does not count
  const startsAt = new Map<string, string>()
  for (const r of await selectWhereIn(ex, 'sessions', ['id', 'starts_at'], 'id', new Set(sessionIds))) {
    startsAt.set(String(r.id), String(r.starts_at))
  }
  const joinedAt = new Map<string, string>()
  const officialIds = new Set([...unique.values()].map((i) => i.record.officialId))
  for (const r of await selectWhereIn(ex, 'officials', ['id', 'joined_at'], 'id', officialIds)) {
    if (r.joined_at != null) joinedAt.set(String(r.id), String(r.joined_at))
  }
  const warnings: ImportProblem[] = []
  // once per session, not per row: a file marks the same few sessions many times
  const opened = new Map<string, boolean>()
  const openedOnce = async (sessionId: string, start: string) => {
    if (!opened.has(sessionId)) opened.set(sessionId, await checkInOpened(ex, sessionId, start, ctx.now))
    return opened.get(sessionId)
  }
  let seen = 0
  for (const { line, record } of unique.values()) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    const start = startsAt.get(record.sessionId)
    if (start === undefined) continue
    if (record.status !== 'excused' && start > ctx.now && !(await openedOnce(record.sessionId, start))) {
      problems.push({
        line,
        column: ctx.header('status'),
        message: MESSAGES.notStarted(record.sessionId, localDate(new Date(start), ctx.tz)),
      })
    }
    const joined = joinedAt.get(record.officialId)
    if (joined !== undefined && joined > start) {
      warnings.push({
        line,
        column: ctx.header('official_id'),
        message: MESSAGES.beforeJoined(
          record.officialId,
          localDate(new Date(joined), ctx.tz),
          record.sessionId,
          localDate(new Date(start), ctx.tz),
        ),
      })
    }
  }
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const counts = emptyCounts()
  const rows: InValue[][] = []
  for (const [key, { record }] of unique) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    const before = existing.get(key)
    const note = keep(record.note, before ? text(before.note) : undefined, null)
    if (!before) counts.inserted++
    else if (sameValues([record.status, note], [before.status, before.note])) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push([record.sessionId, record.officialId, record.status, note, 'import', ctx.actor, ctx.now])
  }
  return { problems, counts, writes: await pacedUpsertWrites(ATTENDANCE_UPSERT, rows, ctx), ...(warnings.length > 0 ? { warnings } : {}) }
}
