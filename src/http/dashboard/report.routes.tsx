import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { annualReport } from '../../reports/report-cache.js'
import { narrativeOrNotice } from '../../reports/narrative.zh.js'
import { reportCharts } from './report-charts.js'
import { reportTables } from '../../reports/report-tables.js'
import { studyListTables } from '../../reports/study-list.tables.js'
import { collectLedger } from '../../reports/ledger.js'
import { contentDisposition, renderLedger, renderReport, type RenderedFile } from '../../reports/render.js'
import { ReportPage } from './views/report.js'
import { QuestionStatsPage } from './views/question-stats.js'
import { questionStatistics } from '../../reports/question-stats.service.js'
import { questionStatsPreview } from './question-stats-preview.js'
import { loadScope, pageUser, render, unitOptions, unitParam, yearParam } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

function sendFile(c: UiContext, file: RenderedFile): Response {
  c.header('Content-Type', file.contentType)
  c.header('Content-Disposition', contentDisposition(file.fileName, file.asciiName))
  const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body)
  return c.body(body, 200)
}

/** The report preview and its downloads, limited like every page to the viewer's units. */
export function reportUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()

  async function target(c: UiContext) {
    const scope = await loadScope(db, c.get('auth'))
    const unit = unitParam(scope, c.req.query('unit'))
    const year = yearParam(c.req.query('year'), clock, tz)
    // a scoped viewer with no unit asked for gets their own unit, never the whole deployment
    const unitCode = unit || (c.get('auth').unitCode ?? undefined)
    const rounded = c.req.query('rounded') === '1'
    return { scope, unit, year, unitCode, rounded }
  }

  app.get('/report', async (c) => {
    const { scope, unit, year, unitCode, rounded } = await target(c)
    const r = await annualReport(db, { year, unitCode, tz, rounded })
    const preview = {
      year,
      unitName: r.unit.name,
      unitCode: unit,
      rounded,
      narrative: narrativeOrNotice(r),
      empty: r.narrative.length === 0,
      charts: await reportCharts(r),
      tables: reportTables(r),
      studyList: studyListTables(r.studyList),
    }
    return render(c, <ReportPage user={pageUser(c, scope)} units={unitOptions(scope)} report={preview} />)
  })

  app.get('/report/questions', async (c) => {
    const { scope, unit, year, unitCode } = await target(c)
    const stats = await questionStatistics(db, { year, unitCode, tz })
    return render(
      c,
      <QuestionStatsPage user={pageUser(c, scope)} units={unitOptions(scope)} stats={await questionStatsPreview(stats, unit)} />,
    )
  })

  app.get('/report/download', async (c) => {
    const format = c.req.query('format')
    if (format !== 'docx' && format !== 'md') throw new AppError('INVALID_INPUT', 'format must be docx or md')
    const { year, unitCode, rounded } = await target(c)
    return sendFile(c, await renderReport(await annualReport(db, { year, unitCode, tz, rounded }), format))
  })

  app.get('/ledger', async (c) => {
    const { year, unitCode } = await target(c)
    return sendFile(c, await renderLedger(await collectLedger(db, { year, unitCode, tz, now: clock.now() }), 'xlsx'))
  })

  return app
}
