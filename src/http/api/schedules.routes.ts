/**
 * Recurring schedules: the week's 学法清单 sent to a unit's group robots (and those below) on a cron
 * expression in XUEFA_TZ, on official working days only unless told otherwise (holidays skipped; a
 * Monday–Friday expression also fires on 调休 working weekends). An organizer token manages the schedules
 * of its units; a county-wide one needs an unscoped token.
 */
import { createRoute, z } from '@hono/zod-openapi'
import {
  createScheduleIn,
  enableSchedule,
  listSchedules,
  removeSchedule,
  SCHEDULABLE_KINDS,
  type Schedule,
} from '../../schedules/schedules.service.js'
import { requireRole } from '../common/auth.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { respondOnceIn } from '../common/idempotency.js'
import {
  AUTH_ERRORS,
  bearerSecurity,
  errorResponses,
  idempotencyHeader,
  intIdParam,
  json,
  jsonBody,
  plainText,
  unitCode,
} from './schemas.js'

const tags = ['schedules']
const organizers = requireRole('admin', 'organizer')

const ScheduleSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    cron: z.string().openapi({ description: 'minute hour day-of-month month day-of-week, in XUEFA_TZ', example: '0 9 * * 1' }),
    kind: z.enum(SCHEDULABLE_KINDS).openapi({ description: "digest.weekly: the coming seven days' planned sessions, to the group robots" }),
    unitCode: z
      .string()
      .nullable()
      .openapi({ description: 'the unit whose group robots (with those below) it reaches; null = every unit' }),
    skipHolidays: z.boolean().openapi({
      description:
        'fire on official working days only: a holiday skips the fire; a Monday–Friday (1-5) expression also fires on 调休 working weekends',
    }),
    enabled: z.boolean(),
    lastFiredAt: z.string().nullable(),
    nextFireAt: z.string().nullable().openapi({ description: 'ISO 8601 UTC; null when disabled' }),
    createdAt: z.string(),
  })
  .openapi('Schedule')

const NewScheduleSchema = z
  .object({
    name: plainText(1, 100).openapi({
      description: "a schedule of the same name is replaced; 409 when that one lies outside the token's units",
    }),
    cron: z.string().trim().min(9).max(100),
    unitCode: unitCode.optional(),
    skipHolidays: z.boolean().optional(),
  })
  .strict()
  .openapi('NewSchedule')

const listDef = createRoute({
  method: 'get',
  path: '/schedules',
  tags,
  security: bearerSecurity,
  summary: 'The recurring schedules (of the token’s units)',
  middleware: [organizers] as const,
  responses: { 200: json(z.object({ schedules: z.array(ScheduleSchema) }), 'the schedules'), ...errorResponses(...AUTH_ERRORS) },
})

const createDef = createRoute({
  method: 'post',
  path: '/schedules',
  tags,
  security: bearerSecurity,
  summary: 'Create (or replace, by name) a recurring schedule',
  middleware: [organizers] as const,
  request: { headers: idempotencyHeader, body: jsonBody(NewScheduleSchema) },
  responses: { 201: json(ScheduleSchema, 'the schedule'), ...errorResponses(400, ...AUTH_ERRORS, 409) },
})

const changeDef = createRoute({
  method: 'patch',
  path: '/schedules/{id}',
  tags,
  security: bearerSecurity,
  summary: 'Turn a schedule on or off',
  middleware: [organizers] as const,
  request: { params: intIdParam, body: jsonBody(z.object({ enabled: z.boolean() }).strict()) },
  responses: { 200: json(ScheduleSchema, 'the schedule'), ...errorResponses(400, ...AUTH_ERRORS, 404) },
})

const deleteDef = createRoute({
  method: 'delete',
  path: '/schedules/{id}',
  tags,
  security: bearerSecurity,
  summary: 'Remove a schedule',
  middleware: [organizers] as const,
  request: { params: intIdParam },
  responses: { 204: { description: 'removed' }, ...errorResponses(400, ...AUTH_ERRORS, 404) },
})

export function scheduleRoutes(deps: HttpDeps) {
  const sd = { db: deps.db, clock: deps.clock, tz: deps.config.XUEFA_TZ }
  const app = createRouter()
  const view = (s: Schedule) => ({ ...s, payload: undefined })

  app.openapi(listDef, async (c) => {
    const schedules = await listSchedules(sd, c.get('auth').unitCode ?? undefined)
    return c.json({ schedules: schedules.map(view) }, 200)
  })

  app.openapi(createDef, async (c) => {
    // the schedule and the response a retry with the same Idempotency-Key gets commit together
    const s = await deps.db.write(async (tx) => {
      const saved = await createScheduleIn(tx, sd, c.req.valid('json'), actorOf(c), c.get('auth').unitCode)
      await respondOnceIn(c, tx, 201, view(saved))
      return saved
    })
    return c.json(view(s), 201)
  })

  app.openapi(changeDef, async (c) => {
    const { id } = c.req.valid('param')
    const s = await enableSchedule(sd, id, c.req.valid('json').enabled, actorOf(c), c.get('auth').unitCode)
    return c.json(view(s), 200)
  })

  app.openapi(deleteDef, async (c) => {
    await removeSchedule(sd, c.req.valid('param').id, actorOf(c), c.get('auth').unitCode)
    return c.body(null, 204)
  })

  return app
}
