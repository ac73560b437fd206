/**
 * The OA system's meetings feed: each meeting becomes a 会前学法 session (source 'oa', external id = the
 * meeting id), created, changed or cancelled through the same use-cases as every other session.
 */
import type { Transaction } from '@libsql/client'
import { AppError } from '../errors.js'
import { parseDateTime } from '../calendar.js'
import { listExistingUnitCodes } from '../roster/units.repo.js'
import { findSessionsByExternalIds } from './sessions.repo.js'
import { cancelSessionIn, createSessionIn, updateSessionIn, type WriteContext } from './sessions.service.js'

export interface Meeting {
  id: string
  body: string
  meetingNo: string
  /** ISO 8601 with offset, or YYYY-MM-DD HH:mm in XUEFA_TZ */
  startsAt: string
  unitCode: string
  laws?: string[]
  presenter?: string
  cancelled?: boolean
}

export interface FeedResult {
  created: string[]
  updated: string[]
  cancelled: string[]
  unchanged: string[]
}

/** The title of a session planned from the feed: 「县政府常务会议第12次 会前学法」. */
const meetingTitle = (body: string, meetingNo: string) => `${body}${meetingNo} 会前学法`

/**
 * Applies a feed inside the caller's write transaction: a new meeting id plans a session, a known one
 * updates or cancels it; only planned sessions change. Every unit must exist, or nothing is written.
 */
export async function applyMeetings(tx: Transaction, meetings: Meeting[], ctx: WriteContext): Promise<FeedResult> {
  const known = new Set(
    await listExistingUnitCodes(
      tx,
      meetings.map((m) => m.unitCode),
    ),
  )
  const issues = meetings.flatMap((m, i) =>
    known.has(m.unitCode) ? [] : [{ path: ['meetings', i, 'unitCode'], message: `unit ${m.unitCode} does not exist` }],
  )
  if (issues.length > 0) throw new AppError('INVALID_INPUT', 'the feed names units that do not exist; nothing was written', { issues })
  // one query for the whole feed (meeting ids are unique within a feed)
  const sessions = await findSessionsByExternalIds(
    tx,
    meetings.map((m) => m.id),
  )
  const result: FeedResult = { created: [], updated: [], cancelled: [], unchanged: [] }
  for (const m of meetings) {
    const startsAt = parseDateTime(m.startsAt, ctx.tz)
    if (!startsAt) throw new AppError('INVALID_INPUT', `meeting ${m.id}: startsAt is not a time`)
    const existing = sessions.get(m.id)
    if (!existing) {
      if (m.cancelled) {
        result.unchanged.push(m.id)
        continue
      }
      const { id } = await createSessionIn(
        tx,
        {
          kind: 'pre_meeting',
          title: meetingTitle(m.body, m.meetingNo),
          startsAt,
          unitCode: m.unitCode,
          body: m.body,
          meetingNo: m.meetingNo,
          presenter: m.presenter ?? null,
          laws: m.laws ?? [],
          externalId: m.id,
          source: 'oa',
        },
        ctx,
      )
      result.created.push(id)
    } else if (existing.status !== 'planned') {
      result.unchanged.push(existing.id)
    } else if (m.cancelled) {
      await cancelSessionIn(tx, existing, ctx)
      result.cancelled.push(existing.id)
    } else {
      const { fields } = await updateSessionIn(
        tx,
        existing,
        {
          title: meetingTitle(m.body, m.meetingNo),
          startsAt,
          unitCode: m.unitCode,
          body: m.body,
          meetingNo: m.meetingNo,
          // absent fields (undefined) are left as they are by updateSessionIn, which also normalizes the laws
          presenter: m.presenter,
          laws: m.laws,
        },
        ctx,
      )
      ;(fields.length > 0 ? result.updated : result.unchanged).push(existing.id)
    }
  }
  return result
}
