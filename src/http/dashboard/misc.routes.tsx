import { Hono } from 'hono'
import { runImport } from '../../imports/import.service.js'
import { checkImportScope } from '../../imports/scope.js'
import { LEAVERS } from '../../imports/copy.zh.js'
import { IMPORT_KINDS, isImportKind } from '../../imports/import.types.js'
import { templateCsv } from '../../imports/headers.js'
import { contentDisposition } from '../../reports/render.js'
import { IMPORTS } from './views/copy.zh.js'
import { BotPage, type BotView } from './views/bot.js'
import { ImportsPage, type ImportOutcome } from './views/imports.js'
import { qrMatrix } from '../../qr.js'
import { listAppStates } from '../../delivery/apps.repo.js'
import { mayScan } from '../common/auth.js'
import { auditImportRequest } from '../common/import-audit.js'
import { actorOf } from '../common/types.js'
import { canChange, loadScope, pageUser, render } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

/** Admins and organizers import; a unit-scoped one only rows of its own units (imports/scope.ts, as the API). */
const mayImport = (c: UiContext) => canChange(c.get('auth'))

export function miscUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()

  app.get('/bot', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const all = deps.botStatuses?.() ?? []
    const scan = mayScan(c.get('auth'))
    const bots: BotView[] = all.map((s) => ({
      ...(s.account ? { account: s.account } : {}),
      state: s.state,
      qr: s.qr && scan ? qrMatrix(s.qr) : null,
      qrWithheld: s.qr !== null && !scan,
    }))
    return render(c, <BotPage user={pageUser(c, scope)} bots={bots} apps={await listAppStates(db)} />)
  })

  app.get('/imports', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    return render(c, <ImportsPage user={pageUser(c, scope)} kinds={IMPORT_KINDS} allowed={mayImport(c)} kind="officials" dryRun={false} />)
  })

  /** An empty file of one kind with its Chinese headers; anyone signed in may have it (it holds no data). */
  app.get('/imports/template/:kind', (c) => {
    const kind = c.req.param('kind')
    if (!isImportKind(kind)) return c.notFound()
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', contentDisposition(IMPORTS.templateFile(IMPORTS.kinds[kind] ?? kind), `${kind}-template.csv`))
    return c.body(templateCsv(kind))
  })

  app.post('/imports', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const allowed = mayImport(c)
    const body = await c.req.parseBody()
    const kind = typeof body.kind === 'string' && isImportKind(body.kind) ? body.kind : 'officials'
    const dryRun = body.dryRun === '1'
    const confirmLeavers = body.confirmLeavers === '1'
    const page = (outcome: ImportOutcome, status: 200 | 400 | 403 | 422) =>
      render(
        c,
        <ImportsPage
          user={pageUser(c, scope)}
          kinds={IMPORT_KINDS}
          allowed={allowed}
          kind={kind}
          dryRun={dryRun}
          confirmLeavers={confirmLeavers}
          outcome={outcome}
        />,
        status,
      )
    if (!allowed) return page({ ok: false, error: IMPORTS.readOnly }, 403)
    const file = body.file
    if (!(file instanceof File) || file.size === 0) return page({ ok: false, error: IMPORTS.noFile }, 400)
    const by = actorOf(c)
    const filename = file.name
    const bytes = new Uint8Array(await file.arrayBuffer())
    const unitCode = c.get('auth').unitCode
    const inScope = await checkImportScope(db, unitCode, kind, { bytes, filename })
    if (!inScope.ok && inScope.kindRefused) return page({ ok: false, error: IMPORTS.countyWide(IMPORTS.kinds[kind] ?? kind) }, 403)
    if (!inScope.ok) return page({ ok: false, problems: inScope.problems, problemsNotShown: inScope.problemsNotShown }, 403)
    const result = await runImport(db, kind, { bytes, filename }, { tz, clock, ...by, dryRun, confirmLeavers })
    if (!result.ok) return page({ ok: false, problems: result.problems, problemsNotShown: result.problemsNotShown }, 422)
    if (!dryRun) await auditImportRequest(db, clock, by, { kind, filename, rows: result.rows })
    const summary = IMPORTS.ok(result.rows, result.inserted, result.updated, result.unchanged, result.removed)
    const leavers = result.leavers ?? []
    return page(
      {
        ok: true,
        message: result.dryRun ? `${IMPORTS.dryOk}${summary}` : summary,
        ...(leavers.length > 0
          ? { leavers: { heading: (result.dryRun ? LEAVERS.willLeave : LEAVERS.left)(leavers.length), lines: LEAVERS.list(leavers) } }
          : {}),
        warnings: (result.leaversToConfirm ?? []).map(LEAVERS.warning),
        rowWarnings: result.warnings,
      },
      200,
    )
  })

  return app
}
