import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { parseDateTime, yearRange } from '../../calendar.js'
import { findSession, listSessions } from '../../sessions/sessions.repo.js'
import { countAttendance } from '../../sessions/attendance.repo.js'
import { sessionTimeline } from '../../sessions/timeline.service.js'
import { createSession } from '../../sessions/sessions.service.js'
import { markAttendance } from '../../sessions/attendance.service.js'
import { requireRole } from '../middleware/auth.js'
import { assertOfficialsInScope, assertUnitInScope, scopedUnit } from '../scope.js'
import { createRouter } from './router.js'
import { actorOf, type HttpDeps } from '../types.js'
import {
  AUTH_ERRORS,
  AttendanceCountsSchema,
  SessionSchema,
  TimelineSchema,
  bearerSecurity,
  errorResponses,
  idempotencyHeader,
} from './schemas.js'
import { attendanceBody, createSessionBody, listSessionsQuery, sessionIdParam } from './session-schemas.js'
import { findQuizCompletion, QuizCompletionSchema } from './quiz-completion.js'

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })
const tags = ['sessions']

const createRouteDef = createRoute({
  method: 'post',
  path: '/sessions',
  tags,
  security: bearerSecurity,
  summary: 'Create a study session (admin, organizer within its units)',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: createSessionBody } } } },
  responses: { 201: json(SessionSchema, 'the session created'), ...errorResponses(400, ...AUTH_ERRORS, 409) },
})

const listRouteDef = createRoute({
  method: 'get',
  path: '/sessions',
  tags,
  security: bearerSecurity,
  summary: 'List sessions (limited to the token scope)',
  request: { query: listSessionsQuery },
  responses: {
    200: json(z.object({ sessions: z.array(SessionSchema) }), 'the sessions, by start time'),
    ...errorResponses(400, ...AUTH_ERRORS),
  },
})

const oneRouteDef = createRoute({
  method: 'get',
  path: '/sessions/{id}',
  tags,
  security: bearerSecurity,
  summary: 'One session with attendance counts, quiz completion and its planned timeline',
  request: { params: sessionIdParam },
  responses: {
    200: json(
      SessionSchema.extend({ attendance: AttendanceCountsSchema, quiz: QuizCompletionSchema.nullable(), timeline: TimelineSchema }),
      'the session',
    ),
    ...errorResponses(400, ...AUTH_ERRORS, 404),
  },
})

const attendanceRouteDef = createRoute({
  method: 'put',
  path: '/sessions/{id}/attendance',
  tags,
  security: bearerSecurity,
  summary: 'Set attendance marks (idempotent; officials must be within the token scope)',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { params: sessionIdParam, body: { required: true, content: { 'application/json': { schema: attendanceBody } } } },
  responses: {
    200: json(z.object({ marked: z.number().int(), counts: AttendanceCountsSchema }), 'marks changed and the counts now'),
    ...errorResponses(400, ...AUTH_ERRORS, 404, 409),
  },
})

export function sessionRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = createRouter()

  app.openapi(createRouteDef, async (c) => {
    const input = c.req.valid('json')
    const startsAt = parseDateTime(input.startsAt, tz)
    if (!startsAt) {
      throw new AppError('INVALID_INPUT', 'startsAt is not a time', {
        issues: [{ path: ['startsAt'], message: 'expected YYYY-MM-DD HH:mm or ISO 8601 with offset' }],
      })
    }
    const auth = c.get('auth')
    await assertUnitInScope(db, auth, input.unitCode)
    for (const u of input.audience?.unitCodes ?? []) await assertUnitInScope(db, auth, u)
    await assertOfficialsInScope(db, auth, input.audience?.officialIds ?? [])
    const session = await createSession({ db, clock, tz }, { ...input, startsAt, source: 'api' }, actorOf(c))
    return c.json(session, 201)
  })

  app.openapi(listRouteDef, async (c) => {
    const q = c.req.valid('query')
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const range = q.year ? yearRange(q.year, tz) : undefined
    const sessions = await listSessions(db, { from: range?.from, to: range?.to, unitCode, kind: q.kind })
    return c.json({ sessions }, 200)
  })

  app.openapi(oneRouteDef, async (c) => {
    const session = await findSession(db, c.req.valid('param').id)
    if (!session) throw new AppError('NOT_FOUND', 'session not found')
    await assertUnitInScope(db, c.get('auth'), session.unitCode)
    const [attendance, quiz, timeline] = await Promise.all([
      countAttendance(db, session.id),
      findQuizCompletion(db, session.id),
      sessionTimeline(db, session, clock.now()),
    ])
    return c.json({ ...session, attendance, quiz, timeline }, 200)
  })

  app.openapi(attendanceRouteDef, async (c) => {
    const marks = c.req.valid('json')
    const session = await findSession(db, c.req.valid('param').id)
    if (!session) throw new AppError('NOT_FOUND', 'session not found')
    const auth = c.get('auth')
    await assertUnitInScope(db, auth, session.unitCode)
    await assertOfficialsInScope(
      db,
      auth,
      marks.map((m) => m.officialId),
    )
    const result = await markAttendance({ db, clock, tz }, session.id, marks, { ...actorOf(c), source: 'api' })
    return c.json(result, 200)
  })

  return app
}
