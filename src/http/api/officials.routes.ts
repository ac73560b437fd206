/** An official's organizer flag (是否组织者), outside a roster import. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { findOfficial } from '../../roster/officials.repo.js'
import { setOrganizer } from '../../roster/organizer.service.js'
import { requireRole } from '../common/auth.js'
import { assertFoundInScope } from '../common/scope.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, json, jsonBody } from './schemas.js'

const OrganizerBody = z.object({ isOrganizer: z.boolean() }).strict().openapi('SetOrganizer')

const OfficialOrganizer = z
  .object({ id: z.string(), name: z.string(), unitCode: z.string(), isOrganizer: z.boolean() })
  .openapi('OfficialOrganizer')

const setOrganizerDef = createRoute({
  method: 'put',
  path: '/officials/{id}/organizer',
  tags: ['officials'],
  security: bearerSecurity,
  summary: 'Make an official an organizer (统计 / 提醒 / 安排学法, the closing summaries), or not (admin, organizer within its units)',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
    body: jsonBody(OrganizerBody),
  },
  responses: {
    200: json(OfficialOrganizer, 'the official, with the flag as now stored'),
    ...errorResponses(400, ...AUTH_ERRORS, 404),
  },
})

export function officialRoutes(deps: HttpDeps) {
  const { db, clock } = deps
  const app = createRouter()

  app.openapi(setOrganizerDef, async (c) => {
    const { id } = c.req.valid('param')
    const official = await findOfficial(db, id)
    const missing = () => new AppError('NOT_FOUND', `official ${id} not found`)
    if (!official) throw missing()
    await assertFoundInScope(db, c.get('auth'), official.unitCode, missing)
    const saved = await setOrganizer({ db, clock }, id, c.req.valid('json').isOrganizer, actorOf(c))
    return c.json({ id: saved.id, name: saved.name, unitCode: saved.unitCode, isOrganizer: saved.isOrganizer }, 200)
  })

  return app
}
