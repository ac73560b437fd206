import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { AppError } from '../../errors.js'
import { annualReport } from '../../reports/report-cache.js'
import { collectLedger } from '../../reports/ledger.js'
import { LEDGER_FORMATS, REPORT_FORMATS, contentDisposition, renderLedger, renderReport, type RenderedFile } from '../../reports/render.js'
import { requireRole } from '../middleware/auth.js'
import { scopedUnit } from '../scope.js'
import type { AppEnv, HttpDeps } from '../types.js'

const year = z.coerce.number().int().min(2000).max(2100)
const unit = z.string().trim().min(1).max(64).optional()
const reportQuery = z.object({ year, unit, format: z.enum(REPORT_FORMATS).default('json') })
const ledgerQuery = z.object({ year, unit, format: z.enum(LEDGER_FORMATS).default('xlsx') })

function parseQuery<T>(schema: z.ZodType<T>, query: Record<string, string>): T {
  const parsed = schema.safeParse(query)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code }))
    throw new AppError('INVALID_INPUT', 'the query is not valid', { issues })
  }
  return parsed.data
}

/** json is shown inline; every other format is a download with its Chinese file name. */
function send(c: Context<AppEnv>, file: RenderedFile, inline: boolean): Response {
  c.header('Content-Type', file.contentType)
  if (!inline) c.header('Content-Disposition', contentDisposition(file.fileName, file.asciiName))
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body))
}

export function reportRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { db, config } = deps
  const tz = config.XUEFA_TZ
  const app = new Hono<AppEnv>()
  const readers = requireRole('admin', 'organizer', 'reporter')

  app.get('/reports/annual', readers, async (c) => {
    const q = parseQuery(reportQuery, c.req.query())
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const report = await annualReport(db, { year: q.year, unitCode, tz })
    return send(c, await renderReport(report, q.format), q.format === 'json')
  })

  app.get('/exports/ledger', readers, async (c) => {
    const q = parseQuery(ledgerQuery, c.req.query())
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    const ledger = await collectLedger(db, { year: q.year, unitCode, tz })
    return send(c, await renderLedger(ledger, q.format), false)
  })

  return app
}
