/** Sessions: create, list, one with its attendance, quiz completion and timeline, attendance marks. */
import { together } from '../../storage/together.js'
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { yearRange } from '../../calendar.js'
import { quizSpecSchema } from '../../quizzes/quiz.schema.js'
import { findQuizCompletion } from '../../quizzes/results.repo.js'
import { findSession, findSessionWithTimeline, listSessions } from '../../sessions/sessions.repo.js'
import { countAttendance } from '../../sessions/attendance.repo.js'
import { ATTENDANCE_STATUSES, SESSION_KINDS, SESSION_STATUSES } from '../../sessions/session.rules.js'
import { loadDeploymentTimeline, sessionTimeline, TIMELINE_STEP_STATES, TIMELINE_STEPS } from '../../sessions/timeline.service.js'
import { listSessionJobs } from '../../jobs/jobs.repo.js'
import { createSessionIn } from '../../sessions/sessions.service.js'
import { asConflict } from '../../storage/errors.js'
import { respondOnceIn } from '../common/idempotency.js'
import { markAttendance } from '../../sessions/attendance.service.js'
import { sessionCapacity } from '../../sessions/capacity.service.js'
import type { Session } from '../../sessions/sessions.repo.js'
import { requireRole } from '../common/auth.js'
import { assertFoundInScope, assertOfficialsInScope, assertUnitInScope, scopedUnit } from '../common/scope.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { CapacitySchema, capacityJson, WarningsSchema, warningsJson } from './capacity.schema.js'
import {
  AUTH_ERRORS,
  bearerSecurity,
  errorResponses,
  idempotencyHeader,
  json,
  jsonBody,
  plainText,
  requestTimes,
  unitCode,
  year,
} from './schemas.js'

const text = (max: number) => plainText(0, max)

const minutes = z
  .number()
  .int()
  .min(0)
  .max(60 * 24 * 14)

/** This session's own timeline, laid over the deployment's defaults (each field optional). */
const timelineOverride = z
  .object({
    materials: z
      .object({
        daysBefore: z.number().int().min(0).max(14),
        at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
      })
      .strict()
      .nullable()
      .optional()
      .openapi({ description: 'the material and quiz notice, days before at local HH:mm; null: not sent' }),
    reminderMinutesBefore: minutes.nullable().optional().openapi({ description: 'null: no reminder' }),
    checkIn: z.object({ opensMinutesBefore: minutes.optional(), closesMinutesAfter: minutes.optional() }).strict().optional(),
    closeMarginMinutes: minutes.optional().openapi({ description: 'closing runs this long after the check-in window closes' }),
    makeup: z
      .object({ days: z.number().int().min(0).max(90).optional(), absent: z.boolean().optional() })
      .strict()
      .optional()
      .openapi({
        description:
          'after closing, the excused (and with absent: true, the absent) may answer the quiz for days more (default 7; 0: no make-up quiz)',
      }),
  })
  .strict()
  .openapi('TimelineOverride')

export const createSessionBody = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]{0,63}$/)
      .optional()
      .openapi({ description: 'your own id (409 if it exists); generated when omitted' }),
    kind: z.enum(SESSION_KINDS),
    title: plainText(1, 200),
    startsAt: z
      .string()
      .min(1)
      .max(40)
      .openapi({ example: '2024-03-05 09:00', description: 'YYYY-MM-DD HH:mm in XUEFA_TZ, or ISO 8601 with offset' }),
    unitCode,
    body: text(100).optional(),
    meetingNo: text(50).optional(),
    hours: z.number().min(0).max(200).optional(),
    laws: z.array(plainText(1, 100)).max(20).optional(),
    presenter: text(100).optional(),
    audience: z
      .object({
        unitCodes: z.array(unitCode).max(500).optional(),
        officialIds: z.array(plainText(1, 64)).max(20_000).optional(),
        leadersOnly: z.boolean().optional(),
      })
      .strict()
      .optional(),
    quiz: quizSpecSchema.optional(),
    timeline: timelineOverride.optional(),
  })
  .strict()
  .openapi('NewSession')

export const listSessionsQuery = z.object({
  year: year.optional(),
  unit: unitCode.optional().openapi({ description: 'the unit and the units below it; must be within the token scope' }),
  kind: z.enum(SESSION_KINDS).optional(),
})

export const sessionIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'S20240305-a1b2c3' }),
})

export const attendanceBody = z
  .array(z.object({ officialId: plainText(1, 64), status: z.enum(ATTENDANCE_STATUSES), note: z.string().max(500).optional() }).strict())
  .min(1)
  .max(20_000)
  .openapi('AttendanceMarks')

export const SessionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SESSION_KINDS),
    title: z.string(),
    startsAt: z.string().openapi({ description: 'ISO 8601 UTC' }),
    unitCode: z.string(),
    body: z.string().nullable(),
    meetingNo: z.string().nullable(),
    hours: z.number().nullable(),
    presenter: z.string().nullable(),
    status: z.enum(SESSION_STATUSES),
    audience: z
      .object({
        unitCodes: z.array(z.string()).optional(),
        officialIds: z.array(z.string()).optional(),
        leadersOnly: z.boolean().optional(),
      })
      .nullable(),
    externalId: z.string().nullable(),
    source: z.string(),
    closedAt: z.string().nullable(),
    laws: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Session')

export const AttendanceCountsSchema = z.object(
  Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof ATTENDANCE_STATUSES)[number], z.ZodNumber>,
)

export const QuizCompletionSchema = z
  .object({
    quizId: z.number().int(),
    passScore: z.number(),
    started: z.number().int().openapi({ description: 'officials who opened the quiz' }),
    completed: z.number().int().openapi({ description: 'officials with a finished attempt' }),
    passed: z.number().int(),
  })
  .openapi('QuizCompletion')

/** A session's planned timeline: what goes out and when, and whether it has (CONTRACT §3). */
export const TimelineSchema = z
  .array(
    z.object({
      step: z.enum(TIMELINE_STEPS).openapi({
        description:
          'materials: the study material and quiz notice; reminder: to those not finished; checkin_opens/checkin_closes: the 签到 window; close: the unmarked become absent, the session is held; notice: a move or cancellation told; makeup: one excused person’s make-up material',
      }),
      at: z.string().openapi({ description: 'ISO 8601 UTC' }),
      state: z.enum(TIMELINE_STEP_STATES),
    }),
  )
  .openapi('SessionTimeline')

const tags = ['sessions']

const createRouteDef = createRoute({
  method: 'post',
  path: '/sessions',
  tags,
  security: bearerSecurity,
  summary: 'Create a study session (admin, organizer within its units)',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { headers: idempotencyHeader, body: jsonBody(createSessionBody) },
  responses: {
    201: json(
      SessionSchema.extend({
        capacity: CapacitySchema.nullable().openapi({
          description: 'null only when it could not be worked out (the session is saved all the same)',
        }),
        warnings: WarningsSchema,
      }),
      'the session created, with what its messages cost the bot accounts; a session whose notices cannot all go out in time is created too, with warnings',
    ),
    ...errorResponses(400, ...AUTH_ERRORS, 409),
  },
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
  summary: 'One session with attendance counts, quiz completion and its planned timeline (and, when asked, its capacity)',
  request: {
    params: sessionIdParam,
    query: z.object({
      include: z.enum(['capacity']).optional().openapi({
        description:
          'capacity: also how its notices fit the accounts’ pacing and the day’s cap (several queries: asked for, not by default)',
      }),
    }),
  },
  responses: {
    200: json(
      SessionSchema.extend({
        attendance: AttendanceCountsSchema,
        quiz: QuizCompletionSchema.nullable(),
        timeline: TimelineSchema,
        capacity: CapacitySchema.optional(),
        warnings: WarningsSchema.optional(),
      }),
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
  request: { params: sessionIdParam, body: jsonBody(attendanceBody) },
  responses: {
    200: json(z.object({ marked: z.number().int(), counts: AttendanceCountsSchema }), 'marks changed and the counts now'),
    ...errorResponses(400, ...AUTH_ERRORS, 404, 409),
  },
})

/** A missing session, and one outside the token's units, alike. */
const sessionNotFound = () => new AppError('NOT_FOUND', 'session not found')

export function sessionRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = createRouter()
  const capacityOf = async (s: Session) => {
    const r = await sessionCapacity({ db, clock, tz, accounts: config.XUEFA_BOT_ACCOUNTS }, s)
    return { capacity: capacityJson(r), warnings: warningsJson(r) }
  }

  app.openapi(createRouteDef, async (c) => {
    const input = c.req.valid('json')
    const { startsAt } = requestTimes({ startsAt: input.startsAt }, tz)
    const auth = c.get('auth')
    await assertUnitInScope(db, auth, input.unitCode)
    for (const u of input.audience?.unitCodes ?? []) await assertUnitInScope(db, auth, u)
    await assertOfficialsInScope(db, auth, input.audience?.officialIds ?? [])
    const ctx = { clock, tz, by: actorOf(c) }
    // the session and the response a retry with the same Idempotency-Key gets commit together (capacity is added after)
    const session = await db
      .write(async (tx) => {
        const { id } = await createSessionIn(tx, { ...input, startsAt, source: 'api' }, ctx)
        const created = (await findSession(tx, id))!
        await respondOnceIn(c, tx, 201, { ...created, capacity: null, warnings: [] })
        return created
      })
      .catch((e: unknown) => asConflict(e, `session ${input.id ?? ''} conflicts with an existing one`))
    // the session is saved: a failure to work out its capacity must not answer a retry-inviting 500
    const capacity = await capacityOf(session).catch((err: unknown) => {
      c.get('logger').error({ err, sessionId: session.id }, 'capacity of a new session not worked out')
      return { capacity: null, warnings: [] }
    })
    return c.json({ ...session, ...capacity }, 201)
  })

  app.openapi(listRouteDef, async (c) => {
    const q = c.req.valid('query')
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const range = q.year ? yearRange(q.year, tz) : undefined
    const sessions = await listSessions(db, { from: range?.from, to: range?.to, unitCode, kind: q.kind })
    return c.json({ sessions }, 200)
  })

  app.openapi(oneRouteDef, async (c) => {
    const id = c.req.valid('param').id
    // everything read by the session's id, read together (on a remote database one round trip: db.ts), shown only
    // once the session is found within the token's units
    const [found, attendance, quiz, jobs, deployment] = await together(
      db,
      () => findSessionWithTimeline(db, id),
      () => countAttendance(db, id),
      () => findQuizCompletion(db, id),
      () => listSessionJobs(db, id),
      () => loadDeploymentTimeline(db),
    )
    if (!found) throw sessionNotFound()
    const { session } = found
    await assertFoundInScope(db, c.get('auth'), session.unitCode, sessionNotFound)
    const [timeline, capacity] = await Promise.all([
      sessionTimeline(db, session, clock.now(), found.timelineJson, { jobs, deployment }),
      c.req.valid('query').include === 'capacity' ? capacityOf(session) : {},
    ])
    return c.json({ ...session, attendance, quiz, timeline, ...capacity }, 200)
  })

  app.openapi(attendanceRouteDef, async (c) => {
    const marks = c.req.valid('json')
    const auth = c.get('auth')
    // the service reads the session with what it checks the marks against (one round trip on a remote database), and
    // asks the token's scope of it before anything is written
    const result = await markAttendance(
      { db, clock, tz },
      c.req.valid('param').id,
      marks,
      { ...actorOf(c), source: 'api' },
      {
        missing: sessionNotFound,
        async authorize(session) {
          await assertFoundInScope(db, auth, session.unitCode, sessionNotFound)
          await assertOfficialsInScope(
            db,
            auth,
            marks.map((m) => m.officialId),
          )
        },
      },
    )
    return c.json(result, 200)
  })

  return app
}
