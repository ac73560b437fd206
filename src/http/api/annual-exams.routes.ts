/** Scheduling the 年度学法考试 for every current official of a unit and the units below it. */
import { createRoute, z } from '@hono/zod-openapi'
import { ANNUAL_LIMITS } from '../../exams/annual.rules.js'
import { scheduleAnnualExamIn } from '../../exams/annual.service.js'
import { requireRole } from '../common/auth.js'
import { assertUnitInScope } from '../common/scope.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { respondOnceIn } from '../common/idempotency.js'
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
} from './schemas.js'

const L = ANNUAL_LIMITS
const count = z.number().int().min(0).max(L.questions[1])
const time = (example: string) =>
  z.string().trim().min(1).max(40).openapi({ example, description: 'YYYY-MM-DD HH:mm in XUEFA_TZ, or ISO 8601 with offset' })

const scheduleAnnualBody = z
  .object({
    unitCode,
    opensAt: time('2024-11-04 09:00'),
    closesAt: time('2024-11-11 18:00'),
    title: plainText(1, 100).optional().openapi({ example: '2024年度学法考试' }),
    minutes: z
      .number()
      .int()
      .min(L.minutes[0])
      .max(L.minutes[1])
      .optional()
      .openapi({ description: 'time limit of one sitting (default 60)' }),
    passScore: z.number().min(0).max(100).optional(),
    questions: z
      .number()
      .int()
      .min(L.questions[0])
      .max(L.questions[1])
      .optional()
      .openapi({ description: 'how many questions (default 40): half single choice, a quarter multiple, a quarter true/false' }),
    attempts: z
      .number()
      .int()
      .min(L.attempts[0])
      .max(L.attempts[1])
      .optional()
      .openapi({ description: 'sittings allowed per person (default 1); the best counts' }),
    blueprint: z
      .object({
        single: count.optional(),
        multiple: count.optional(),
        judge: count.optional(),
        laws: z.array(plainText(1, 100)).max(20).optional(),
      })
      .strict()
      .optional()
      .openapi({ description: 'questions of each type, and the laws to draw from; overrides `questions`' }),
  })
  .strict()
  .openapi('ScheduleAnnualExam')

const scheduleDef = createRoute({
  method: 'post',
  path: '/exams/annual',
  tags: ['exams'],
  security: bearerSecurity,
  summary: "Schedule the 年度学法考试 for a unit's current officials (admin, organizer within its units)",
  description:
    'Every official on the roster in the unit and the units below it is enrolled (one question draw for all, options shuffled ' +
    'per person). When it opens each bound official gets one private message with a personal link; one reminder goes to ' +
    'those who have not started a day before it closes. Results count in the annual report as 年度学法考试.',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { headers: idempotencyHeader, body: jsonBody(scheduleAnnualBody) },
  responses: {
    201: json(z.object({ id: z.number().int(), officials: z.number().int() }).passthrough(), 'the exam scheduled'),
    ...errorResponses(400, ...AUTH_ERRORS, 404, 409),
  },
})

export function annualExamRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = createRouter()

  app.openapi(scheduleDef, async (c) => {
    const input = c.req.valid('json')
    const { opensAt, closesAt } = requestTimes({ opensAt: input.opensAt, closesAt: input.closesAt }, tz)
    await assertUnitInScope(db, c.get('auth'), input.unitCode)
    // the exam and the response a retry with the same Idempotency-Key gets commit together
    const scheduled = await db.write(async (tx) => {
      const done = await scheduleAnnualExamIn(tx, { clock, tz }, { ...input, opensAt, closesAt }, actorOf(c))
      await respondOnceIn(c, tx, 201, done)
      return done
    })
    return c.json(scheduled, 201)
  })

  return app
}
