/** Assigning a 任前 exam. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { findOfficial } from '../../roster/officials.repo.js'
import { assignAppointmentExam } from '../../exams/exam.service.js'
import { createLinkIssuer } from '../../access/links.service.js'
import { publicBaseUrl } from '../../config.js'
import { requireRole } from '../common/auth.js'
import { assertUnitInScope } from '../common/scope.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, idempotencyHeader, json, jsonBody, requestTimes } from './schemas.js'

const count = z.number().int().min(0).max(200)

/** `POST /api/v1/exams/appointment`, with an optional `blueprint` of how many questions of each type. */
const assignExamBody = z
  .object({
    officialId: z.string().trim().min(1).max(64),
    proposedPost: z.string().trim().min(1).max(200),
    opensAt: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .openapi({ example: '2024-03-05 09:00', description: 'YYYY-MM-DD HH:mm in XUEFA_TZ, or ISO 8601 with offset' }),
    minutes: z.number().int().min(5).max(600).optional(),
    passScore: z.number().min(0).max(100).optional(),
    blueprint: z
      .object({
        single: count.optional(),
        multiple: count.optional(),
        judge: count.optional(),
        weights: z
          .object({
            single: z.number().positive().max(100).optional(),
            multiple: z.number().positive().max(100).optional(),
            judge: z.number().positive().max(100).optional(),
          })
          .strict()
          .optional(),
        laws: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('AssignAppointmentExam')

const assignDef = createRoute({
  method: 'post',
  path: '/exams/appointment',
  tags: ['exams'],
  security: bearerSecurity,
  summary: 'Assign a 任前 exam to an official (admin, organizer within its units)',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { headers: idempotencyHeader, body: jsonBody(assignExamBody) },
  responses: {
    201: json(z.object({ id: z.number().int() }).passthrough(), 'the exam assigned'),
    ...errorResponses(400, ...AUTH_ERRORS, 404, 409),
  },
})

export function examRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = createRouter()

  app.openapi(assignDef, async (c) => {
    const input = c.req.valid('json')
    const { opensAt } = requestTimes({ opensAt: input.opensAt }, tz)
    const official = await findOfficial(db, input.officialId)
    if (!official) throw new AppError('NOT_FOUND', `official ${input.officialId} not found`)
    await assertUnitInScope(db, c.get('auth'), official.unitCode)
    const links = await createLinkIssuer(db, publicBaseUrl(deps.config), () => clock.now())
    const assigned = await assignAppointmentExam({ db, clock, tz, links }, { ...input, opensAt }, actorOf(c))
    return c.json({ id: assigned.examId, ...assigned }, 201)
  })

  return app
}
