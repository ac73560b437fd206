import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { runImport } from '../../imports/import.service.js'
import { IMPORT_KINDS } from '../../imports/import.types.js'
import { requireRole } from '../common/auth.js'
import { auditImportRequest } from '../common/import-audit.js'
import { checkImportScope } from '../../imports/scope.js'
import { createRouter } from './router.js'
import { respondOnceIn } from '../common/idempotency.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, idempotencyHeader } from './schemas.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const ACCEPTED = new Set(['text/csv', 'text/plain', 'application/csv', 'application/octet-stream', XLSX])

const Leaver = z.object({ id: z.string(), name: z.string(), unitCode: z.string(), unitName: z.string() }).openapi('ImportLeaver')

const ImportResultSchema = z
  .object({
    ok: z.literal(true),
    kind: z.enum(IMPORT_KINDS),
    rows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    left: z.number().int().optional(),
    removed: z.number().int().optional().openapi({ description: 'study-list: laws taken off the lists the file replaces' }),
    leavers: z
      .array(Leaver)
      .optional()
      .openapi({ description: 'officials: who is (with dryRun: would be) marked as left, not being in the file for their unit' }),
    leaversToConfirm: z
      .array(z.object({ unitCode: z.string(), unitName: z.string(), current: z.number().int(), leaving: z.array(Leaver) }))
      .optional()
      .openapi({
        description:
          'dryRun only: units of which more than half of the current people would be marked as left; the import itself needs confirmLeavers=true',
      }),
    dryRun: z.boolean(),
    ignoredColumns: z.array(z.string()).optional(),
    warnings: z
      .array(z.object({ line: z.number().int(), column: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'rows taken that will not count: attendance marks for a session before the person joined' }),
  })
  .openapi('ImportResult')

const file = { schema: z.string().openapi({ format: 'binary' }) }

const importRouteDef = createRoute({
  method: 'post',
  path: '/import/{kind}',
  tags: ['imports'],
  security: bearerSecurity,
  summary: 'All-or-nothing import of a CSV (UTF-8) or XLSX file with English or Chinese column headers (README: CSV files)',
  description:
    'Organizer tokens may import officials, sessions, attendance and exam-results naming only their own units (every row is checked; 403 lists the rows outside); units and questions need an unscoped admin token. An officials file marks as left whoever of its units is not in it; when that is more than half of a unit’s current people, the import needs confirmLeavers=true.',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: {
    params: z.object({ kind: z.enum(IMPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) }),
    query: z.object({
      dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'check everything, write nothing' }),
      filename: z.string().max(200).optional().openapi({ description: 'the file name, for the audit log' }),
      confirmLeavers: z.enum(['true', 'false']).optional().openapi({
        description: 'officials: confirm marking as left more than half of a unit’s current people (refused with 422 otherwise)',
      }),
    }),
    headers: idempotencyHeader,
    body: { required: true, content: { 'text/csv': file, [XLSX]: file } },
  },
  responses: {
    200: { description: 'imported (or checked, with dryRun)', content: { 'application/json': { schema: ImportResultSchema } } },
    ...errorResponses(400, ...AUTH_ERRORS, 422),
  },
})

export function importRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const app = createRouter()

  app.openapi(importRouteDef, async (c) => {
    const { kind } = c.req.valid('param')
    const query = c.req.valid('query')
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!ACCEPTED.has(type)) {
      throw new AppError('INVALID_INPUT', `send the file as text/csv or ${XLSX}`, { status: 415 })
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    if (bytes.length === 0) throw new AppError('INVALID_INPUT', 'the body is empty; send the file')
    const filename = query.filename ?? (type === XLSX ? `${kind}.xlsx` : `${kind}.csv`)
    const auth = c.get('auth')
    const scope = await checkImportScope(db, auth.unitCode, kind, { bytes, filename })
    if (!scope.ok && scope.kindRefused) throw new AppError('FORBIDDEN', `only an unscoped admin token may import ${kind}`)
    if (!scope.ok) {
      const rows = scope.problems.length + (scope.problemsNotShown ?? 0)
      throw new AppError(
        'FORBIDDEN',
        `the file names units, officials or sessions outside unit ${auth.unitCode} and the units below it (${rows} row(s); the first ${scope.problems.length} are listed)`,
        { issues: scope.problems },
      )
    }
    const by = actorOf(c)
    const dryRun = query.dryRun === 'true'
    const result = await runImport(
      db,
      kind,
      { bytes, filename },
      {
        tz: config.XUEFA_TZ,
        clock,
        ...by,
        dryRun,
        confirmLeavers: query.confirmLeavers === 'true',
        // the import and the response a retry with the same Idempotency-Key gets commit together
        within: (tx, done) => respondOnceIn(c, tx, 200, done),
      },
    )
    if (!result.ok) {
      // `issues` holds the first 100 problems; the message counts them all
      const total = result.problems.length + (result.problemsNotShown ?? 0)
      const listed = result.problemsNotShown ? ` (the first ${result.problems.length} are listed)` : ''
      throw new AppError('INVALID_INPUT', `${total} problem(s) in the file${listed}; nothing was imported`, {
        issues: result.problems,
        status: 422,
      })
    }
    if (!dryRun) await auditImportRequest(db, clock, by, { kind, filename, rows: result.rows })
    return c.json(result, 200)
  })

  return app
}
