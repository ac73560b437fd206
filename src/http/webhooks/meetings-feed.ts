import { z } from '@hono/zod-openapi'
import type { Transaction } from '@libsql/client'
import { AppError } from '../../errors.js'
import { parseDateTime } from '../../calendar.js'
import { auditStatement, type Actor } from '../../storage/audit.js'
import { findSessionsByExternalIds, setSessionStatus, upsertSessionStatements, type NewSession } from '../../sessions/sessions.repo.js'
import { newSessionId } from '../../sessions/sessions.service.js'
import { normalizeLaws } from '../../sessions/session.rules.js'
import { cancelSessionTimelineStatements, planNewSessionStatements, replanSessionStatements } from '../../sessions/timeline.service.js'
import { unitCode } from '../openapi/schemas.js'

/** The title of a session planned from the feed: 「县政府常务会议第12次 会前学法」. */
const meetingTitle = (body: string, meetingNo: string) => `${body}${meetingNo} 会前学法`

const text = (max: number) => z.string().trim().min(1).max(max)

export const MeetingSchema = z
  .object({
    id: text(100).openapi({ example: 'OA-2024-012', description: "the OA system's meeting id" }),
    body: text(100).openapi({ example: '县政府常务会议' }),
    meetingNo: text(50).openapi({ example: '第12次' }),
    startsAt: z.string().max(40).openapi({ example: '2024-03-05T09:00:00+08:00' }),
    unitCode,
    laws: z.array(text(100)).max(20).optional(),
    presenter: text(100).optional(),
    cancelled: z.boolean().optional(),
  })
  .openapi('Meeting')

export const MeetingsFeedSchema = z
  .object({ meetings: z.array(MeetingSchema).max(500) })
  .superRefine((feed, ctx) => {
    const seen = new Set<string>()
    feed.meetings.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['meetings', i, 'id'], message: `meeting ${m.id} appears twice` })
      seen.add(m.id)
      if (!parseDateTime(m.startsAt, 'UTC')) {
        ctx.addIssue({ code: 'custom', path: ['meetings', i, 'startsAt'], message: 'expected ISO 8601 with offset or YYYY-MM-DD HH:mm' })
      }
    })
  })
  .openapi('MeetingsFeed')

export type Meeting = z.infer<typeof MeetingSchema>

export const FeedResultSchema = z
  .object({
    received: z.number().int(),
    created: z.array(z.string()).openapi({ description: 'ids of the sessions planned' }),
    updated: z.array(z.string()),
    cancelled: z.array(z.string()),
    unchanged: z
      .array(z.string())
      .openapi({ description: 'sent again without changes, already held or cancelled, or cancelled before it was planned' }),
    duplicate: z.boolean().optional().openapi({ description: 'true when the event id was seen before: nothing changed' }),
  })
  .openapi('MeetingsFeedResult')

export type FeedResult = Omit<z.infer<typeof FeedResultSchema>, 'received' | 'duplicate'>

/**
 * Applies a feed inside the caller's write transaction: a new meeting id plans a 会前学法 session (source 'oa',
 * external_id = the meeting id) and its delivery timeline, as createSession does; a known one updates it (the
 * timeline re-planned) or cancels it. Only planned sessions change. Every unit
 * must exist, or nothing is written (the caller's transaction rolls back).
 */
export async function applyMeetings(
  tx: Transaction,
  meetings: Meeting[],
  ctx: { tz: string; now: string; by: Actor },
): Promise<FeedResult> {
  await assertUnitsExist(tx, meetings)
  // one query for the whole feed (meeting ids are unique within a feed)
  const known = await findSessionsByExternalIds(
    tx,
    meetings.map((m) => m.id),
  )
  const result: FeedResult = { created: [], updated: [], cancelled: [], unchanged: [] }
  const at = new Date(ctx.now)
  const audit = (action: string, entityId: string, meetingId: string) =>
    auditStatement({ ...ctx.by, action, entity: 'session', entityId, detail: { meetingId } }, ctx.now)

  for (const m of meetings) {
    const startsAt = parseDateTime(m.startsAt, ctx.tz)!
    const existing = known.get(m.id)
    if (!existing) {
      if (m.cancelled) {
        result.unchanged.push(m.id)
        continue
      }
      const id = newSessionId(startsAt, ctx.tz)
      const session: NewSession = {
        id,
        kind: 'pre_meeting',
        title: meetingTitle(m.body, m.meetingNo),
        startsAt: startsAt.toISOString(),
        unitCode: m.unitCode,
        body: m.body,
        meetingNo: m.meetingNo,
        hours: null,
        presenter: m.presenter ?? null,
        status: 'planned',
        audience: null,
        externalId: m.id,
        source: 'oa',
        laws: normalizeLaws(m.laws ?? []),
        createdBy: ctx.by.actor,
      }
      const timeline = await planNewSessionStatements(tx, session, undefined, at, ctx.tz)
      await tx.batch([...upsertSessionStatements(session, ctx.now), ...timeline, audit('session.create', id, m.id)])
      result.created.push(id)
    } else if (existing.status !== 'planned') {
      result.unchanged.push(existing.id)
    } else if (m.cancelled) {
      await setSessionStatus(tx, existing.id, 'cancelled', ctx.now)
      await tx.batch([...cancelSessionTimelineStatements(existing.id, at), audit('session.cancel', existing.id, m.id)])
      result.cancelled.push(existing.id)
    } else {
      const next = {
        ...existing,
        title: meetingTitle(m.body, m.meetingNo),
        startsAt: startsAt.toISOString(),
        unitCode: m.unitCode,
        body: m.body,
        meetingNo: m.meetingNo,
        presenter: m.presenter ?? existing.presenter,
        laws: m.laws ? normalizeLaws(m.laws) : existing.laws,
        createdBy: null,
      }
      const fields = (['title', 'startsAt', 'unitCode', 'body', 'meetingNo', 'presenter', 'laws'] as const).filter(
        (k) => JSON.stringify(next[k]) !== JSON.stringify(existing[k]),
      )
      if (fields.length === 0) {
        result.unchanged.push(existing.id)
        continue
      }
      const timeline = await replanSessionStatements(tx, existing, next, at, ctx.tz)
      await tx.batch([
        ...upsertSessionStatements(next, ctx.now),
        ...timeline,
        auditStatement(
          { ...ctx.by, action: 'session.update', entity: 'session', entityId: existing.id, detail: { meetingId: m.id, fields } },
          ctx.now,
        ),
      ])
      result.updated.push(existing.id)
    }
  }
  return result
}

async function assertUnitsExist(tx: Transaction, meetings: Meeting[]): Promise<void> {
  const codes = [...new Set(meetings.map((m) => m.unitCode))]
  if (codes.length === 0) return
  const rs = await tx.execute({ sql: `SELECT code FROM units WHERE code IN (${codes.map(() => '?').join(',')})`, args: codes })
  const known = new Set(rs.rows.map((r) => String(r.code)))
  const issues = meetings.flatMap((m, i) =>
    known.has(m.unitCode) ? [] : [{ path: ['meetings', i, 'unitCode'], message: `unit ${m.unitCode} does not exist` }],
  )
  if (issues.length > 0) throw new AppError('INVALID_INPUT', 'the feed names units that do not exist; nothing was written', { issues })
}
