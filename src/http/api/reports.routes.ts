/** The annual report and the 台账 (ledger): JSON inline, every other format a download. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { annualReport } from '../../reports/report-cache.js'
import { collectLedger } from '../../reports/ledger.js'
import { contentDisposition, renderLedger, renderReport, type RenderedFile } from '../../reports/render.js'
import { LEDGER_FORMATS, REPORT_FORMATS } from '../../reports/formats.js'
import { requireRole, requireUnscoped } from '../common/auth.js'
import { buildRollup } from '../../reports/rollup.service.js'
import { renderRollup } from '../../reports/render-rollup.js'
import { ROLLUP_FORMATS } from '../../reports/formats.js'
import { AppError } from '../../errors.js'
import { RollupSchema } from './rollup.schema.js'
import { scopedUnit } from '../common/scope.js'
import type { AppEnv, HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { AUTH_ERRORS, bearerSecurity, binary, errorResponses, unitQuery, year } from './schemas.js'

const tags = ['reports']
const readers = requireRole('admin', 'organizer', 'reporter')
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** `rounded=true` (or 1): the narrative's head counts of trainings and lectures in the seeds' round style (「300余人次」). */
const rounded = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1')
  .openapi({ description: 'head counts of trainings and lectures written as 「300余人次」 instead of exactly', example: 'true' })

const reportDef = createRoute({
  method: 'get',
  path: '/reports/annual',
  tags,
  security: bearerSecurity,
  summary: 'The annual report of a unit and the units below it: figures, targets, the year before, the paragraphs',
  middleware: [readers] as const,
  request: { query: z.object({ year, unit: unitQuery, format: z.enum(REPORT_FORMATS).default('json'), rounded }) },
  responses: {
    200: {
      description: 'json inline; md and docx as downloads',
      content: {
        'application/json': {
          schema: z
            .object({})
            .passthrough()
            .openapi({ description: 'the report: sessions, attendance, quizzes, exams, targets, changes, narrative' }),
        },
        'text/markdown': { schema: z.string() },
        ...binary(DOCX),
      },
    },
    ...errorResponses(400, ...AUTH_ERRORS, 404),
  },
})

const ledgerDef = createRoute({
  method: 'get',
  path: '/exports/ledger',
  tags,
  security: bearerSecurity,
  summary: 'The 台账: every session, mark, quiz and exam result behind the report',
  middleware: [readers] as const,
  request: { query: z.object({ year, unit: unitQuery, format: z.enum(LEDGER_FORMATS).default('xlsx') }) },
  responses: {
    200: { description: 'a download', content: { ...binary(XLSX), 'text/csv': { schema: z.string() } } },
    ...errorResponses(400, ...AUTH_ERRORS, 404),
  },
})

const rollupDef = createRoute({
  method: 'get',
  path: '/reports/rollup',
  tags,
  security: bearerSecurity,
  summary: "The province roll-up: each county's figures (CONTRACT §4) and their total, people counted once",
  description:
    'The counties are the namespaces listed in this database (`xuefa county add`), read from the same libSQL server. ' +
    'Person-times are summed; people are counted once across counties (the same 编号 with the same 姓名); rates are ' +
    'recomputed from the totals. An admin token not limited to a unit only.',
  middleware: [requireRole('admin'), requireUnscoped()] as const,
  request: { query: z.object({ year, format: z.enum(ROLLUP_FORMATS).default('json') }) },
  responses: {
    200: {
      description: 'json inline; md as a download',
      content: { 'application/json': { schema: RollupSchema }, 'text/markdown': { schema: z.string() } },
    },
    ...errorResponses(400, ...AUTH_ERRORS, 404),
  },
})

/** json is shown inline; every other format is a download with its Chinese file name. */
function send(c: Context<AppEnv>, file: RenderedFile, inline: boolean): Response {
  c.header('Content-Type', file.contentType)
  if (!inline) c.header('Content-Disposition', contentDisposition(file.fileName, file.asciiName))
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body))
}

export function reportRoutes(deps: HttpDeps) {
  const { db, config, clock } = deps
  const tz = config.XUEFA_TZ
  const app = createRouter()

  app.openapi(reportDef, async (c) => {
    const q = c.req.valid('query')
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const report = await annualReport(db, { year: q.year, unitCode, tz, rounded: q.rounded })
    return send(c, await renderReport(report, q.format), q.format === 'json')
  })

  app.openapi(ledgerDef, async (c) => {
    const q = c.req.valid('query')
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const ledger = await collectLedger(db, { year: q.year, unitCode, tz, now: clock.now() })
    return send(c, await renderLedger(ledger, q.format), false)
  })

  app.openapi(rollupDef, async (c) => {
    const q = c.req.valid('query')
    const openCounty = deps.openCounty
    if (!openCounty) throw new AppError('INVALID_INPUT', 'this server cannot open the counties of a roll-up')
    const rollup = await buildRollup({ db, openCounty }, { year: q.year, tz })
    return send(c, renderRollup(rollup, q.format), q.format === 'json')
  })

  return app
}
