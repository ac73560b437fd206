import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import { LEDGER_FORMATS, REPORT_FORMATS } from '../../reports/render.js'
import { reportRoutes } from './reports.routes.js'
import { assignExamBody, examRoutes } from './exams.routes.js'
import type { AppEnv, HttpDeps } from '../types.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, idempotencyHeader, unitCode } from './schemas.js'

/** API routes written with plain Hono by other parts of the code, mounted under /api/v1. */
export function otherApiRoutes(deps: HttpDeps): Hono<AppEnv>[] {
  return [reportRoutes(deps), examRoutes(deps)]
}

// The report routes validate their queries with zod schemas they do not export; these describe the same
// parameters for the OpenAPI document. Keep them in step (or import theirs once they are exported).
// The exam route's body schema is imported as it is.
const year = z.coerce.number().int().min(2000).max(2100).openapi({ example: 2023 })
const unit = unitCode
  .optional()
  .openapi({ description: 'the unit and the units below it; a scoped token gets its own unit when omitted, and 403 outside it' })
const binary = (type: string) => ({ [type]: { schema: z.string().openapi({ format: 'binary' }) } })

/** OpenAPI paths (relative to /api/v1) of the routes of otherApiRoutes. */
export function describeOtherRoutes(registry: OpenAPIHono<AppEnv>['openAPIRegistry']): void {
  registry.registerPath({
    method: 'get',
    path: '/reports/annual',
    tags: ['reports'],
    security: bearerSecurity,
    summary: 'The annual report (CONTRACT §4) of a unit and the units below it',
    request: { query: z.object({ year, unit, format: z.enum(REPORT_FORMATS).default('json') }) },
    responses: {
      200: {
        description: 'json inline; md and docx as downloads',
        content: {
          'application/json': { schema: z.object({}).passthrough().openapi({ description: 'see CONTRACT §4' }) },
          'text/markdown': { schema: z.string() },
          ...binary('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
        },
      },
      ...errorResponses(400, ...AUTH_ERRORS, 404),
    },
  })
  registry.registerPath({
    method: 'get',
    path: '/exports/ledger',
    tags: ['reports'],
    security: bearerSecurity,
    summary: 'The 台账: every session, mark, quiz and exam result behind the report',
    request: { query: z.object({ year, unit, format: z.enum(LEDGER_FORMATS).default('xlsx') }) },
    responses: {
      200: {
        description: 'a download',
        content: { ...binary('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), 'text/csv': { schema: z.string() } },
      },
      ...errorResponses(400, ...AUTH_ERRORS, 404),
    },
  })
  registry.registerPath({
    method: 'post',
    path: '/exams/appointment',
    tags: ['exams'],
    security: bearerSecurity,
    summary: 'Assign a 任前 exam to an official (admin, organizer within its units)',
    request: { headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: assignExamBody } } } },
    responses: {
      201: {
        description: 'the exam assigned',
        content: { 'application/json': { schema: z.object({ id: z.number().int() }).passthrough() } },
      },
      ...errorResponses(400, ...AUTH_ERRORS, 404, 409),
    },
  })
}
