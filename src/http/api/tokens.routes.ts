import { createRoute, z } from '@hono/zod-openapi'
import { createApiToken, listApiTokens, revokeApiToken } from '../../access/tokens.service.js'
import { requireRole, requireUnscoped } from '../common/auth.js'
import { createRouter } from './router.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, intIdParam, json, jsonBody, unitCode } from './schemas.js'

const ROLES = ['admin', 'organizer', 'reporter'] as const
const tags = ['tokens']

const TokenSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(ROLES),
    unitCode: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken')

const newTokenBody = z
  .object({
    role: z.enum(ROLES),
    unitCode: unitCode.optional().openapi({ description: 'required for organizer: the unit and the units below it' }),
    label: z.string().trim().max(100).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .openapi('NewApiToken')

const createDef = createRoute({
  method: 'post',
  path: '/tokens',
  tags,
  security: bearerSecurity,
  middleware: [requireRole('admin'), requireUnscoped()] as const,
  summary: 'Create an API token (unscoped admin); the token is in this response only',
  request: { body: jsonBody(newTokenBody) },
  responses: {
    201: json(
      z.object({
        id: z.number().int(),
        token: z.string(),
        role: z.enum(ROLES),
        unitCode: z.string().nullable(),
        expiresAt: z.string().nullable(),
      }),
      'the new token, shown once',
    ),
    ...errorResponses(400, ...AUTH_ERRORS),
  },
})

const listDef = createRoute({
  method: 'get',
  path: '/tokens',
  tags,
  security: bearerSecurity,
  middleware: [requireRole('admin'), requireUnscoped()] as const,
  summary: 'List API tokens (no secrets)',
  responses: { 200: json(z.object({ tokens: z.array(TokenSchema) }), 'every token'), ...errorResponses(...AUTH_ERRORS) },
})

const revokeDef = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags,
  security: bearerSecurity,
  middleware: [requireRole('admin'), requireUnscoped()] as const,
  summary: 'Revoke a token (takes effect at once)',
  request: { params: intIdParam },
  responses: { 200: json(TokenSchema, 'the revoked token'), ...errorResponses(400, ...AUTH_ERRORS, 404) },
})

/** Token administration: unscoped admin tokens only (a unit-scoped admin could otherwise mint a wider token). */
export function tokenRoutes(deps: HttpDeps) {
  const { db, clock } = deps
  const app = createRouter()

  app.openapi(createDef, async (c) => {
    const created = await createApiToken({ db, clock }, c.req.valid('json'), actorOf(c))
    c.header('Cache-Control', 'no-store')
    return c.json(created, 201)
  })

  app.openapi(listDef, async (c) => c.json({ tokens: await listApiTokens({ db }) }, 200))

  app.openapi(revokeDef, async (c) => {
    const token = await revokeApiToken({ db, clock }, c.req.valid('param').id, actorOf(c))
    return c.json(token, 200)
  })

  return app
}
