import { Hono } from 'hono'
import { z } from 'zod'
import { AppError } from '../../errors.js'
import { parseDateTime, yearRange } from '../../calendar.js'
import { findSession, listSessions } from '../../sessions/sessions.repo.js'
import { countAttendance } from '../../sessions/attendance.repo.js'
import { createSession, markAttendance } from '../../sessions/sessions.service.js'
import { ATTENDANCE_STATUSES, SESSION_KINDS } from '../../sessions/session.rules.js'
import { requireRole } from '../middleware/auth.js'
import { assertUnitInScope, scopedUnit } from '../scope.js'
import type { AppEnv, HttpDeps } from '../types.js'

export const createSessionBody = z.object({
  kind: z.enum(SESSION_KINDS),
  title: z.string().trim().min(1).max(200),
  startsAt: z.string().min(1),
  unitCode: z.string().trim().min(1).max(64),
  body: z.string().trim().max(100).optional(),
  meetingNo: z.string().trim().max(50).optional(),
  hours: z.number().min(0).max(200).optional(),
  laws: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  presenter: z.string().trim().max(100).optional(),
  audience: z
    .object({
      unitCodes: z.array(z.string().min(1)).max(500).optional(),
      officialIds: z.array(z.string().min(1)).max(20_000).optional(),
      leadersOnly: z.boolean().optional(),
    })
    .strict()
    .optional(),
  quiz: z
    .object({
      questionIds: z.array(z.string().min(1)).max(100).optional(),
      draw: z.object({ count: z.number().int().min(1).max(100), laws: z.array(z.string().min(1)).max(20).optional() }).optional(),
      passScore: z.number().min(0).max(100).optional(),
      deadlineMinutes: z.number().int().min(1).max(60 * 24 * 30).optional(),
    })
    .strict()
    .optional(),
})

const listQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unit: z.string().min(1).max(64).optional(),
  kind: z.enum(SESSION_KINDS).optional(),
})

export const attendanceBody = z
  .array(z.object({ officialId: z.string().trim().min(1).max(64), status: z.enum(ATTENDANCE_STATUSES), note: z.string().max(500).optional() }).strict())
  .min(1)
  .max(20_000)

async function jsonBody(req: { json(): Promise<unknown> }): Promise<unknown> {
  try {
    return await req.json()
  } catch {
    throw new AppError('INVALID_INPUT', 'the body is not valid JSON')
  }
}

export function sessionRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = new Hono<AppEnv>()

  app.post('/sessions', requireRole('admin', 'organizer'), async (c) => {
    const input = createSessionBody.parse(await jsonBody(c.req))
    const startsAt = parseDateTime(input.startsAt, tz)
    if (!startsAt) {
      throw new AppError('INVALID_INPUT', 'startsAt is not a time', { issues: [{ path: ['startsAt'], message: 'expected YYYY-MM-DD HH:mm or ISO 8601 with offset' }] })
    }
    await assertUnitInScope(db, c.get('auth'), input.unitCode)
    for (const u of input.audience?.unitCodes ?? []) await assertUnitInScope(db, c.get('auth'), u)
    const session = await createSession(
      { db, clock, tz },
      { ...input, startsAt, source: 'api' },
      { actor: `token:${c.get('auth').tokenId}`, ip: c.req.header('x-forwarded-for') ?? null, requestId: c.get('requestId') },
    )
    return c.json(session, 201)
  })

  app.get('/sessions', async (c) => {
    const q = listQuery.parse(c.req.query())
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const range = q.year ? yearRange(q.year, tz) : undefined
    const sessions = await listSessions(db, { from: range?.from, to: range?.to, unitCode, kind: q.kind })
    return c.json({ sessions })
  })

  app.get('/sessions/:id', async (c) => {
    const session = await findSession(db, c.req.param('id'))
    if (!session) throw new AppError('NOT_FOUND', 'session not found')
    await assertUnitInScope(db, c.get('auth'), session.unitCode)
    return c.json({ ...session, attendance: await countAttendance(db, session.id) })
  })

  app.put('/sessions/:id/attendance', requireRole('admin', 'organizer'), async (c) => {
    const marks = attendanceBody.parse(await jsonBody(c.req))
    const session = await findSession(db, c.req.param('id'))
    if (!session) throw new AppError('NOT_FOUND', 'session not found')
    await assertUnitInScope(db, c.get('auth'), session.unitCode)
    const result = await markAttendance({ db, clock, tz }, session.id, marks, {
      actor: `token:${c.get('auth').tokenId}`,
      source: 'api',
      requestId: c.get('requestId'),
    })
    return c.json(result)
  })

  return app
}
