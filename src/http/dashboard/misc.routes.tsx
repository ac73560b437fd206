import { Hono } from 'hono'
import { runImport } from '../../imports/import.service.js'
import { IMPORT_KINDS, isImportKind } from '../../imports/import.types.js'
import { IMPORTS } from './views/copy.zh.js'
import { BotPage, type BotView } from './views/bot.js'
import { ImportsPage, type ImportOutcome } from './views/imports.js'
import { qrMatrix } from '../../qr.js'
import { mayScan } from '../common/auth.js'
import { auditImportRequest } from '../common/import-audit.js'
import { actorOf } from '../common/types.js'
import { canChange, loadScope, pageUser, render } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

/**
 * Imports here know no unit limits, so only an unscoped admin may run them (an organizer token always names a
 * unit); a scoped token imports its own units' data through the API, which checks every row (api/import-scope.ts).
 */
const mayImport = (c: UiContext) => canChange(c.get('auth')) && c.get('auth').unitCode === null

export function miscUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()

  app.get('/bot', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const one = deps.botStatus?.()
    const all: { state: BotView['state']; qr: string | null; account?: string }[] = deps.botStatuses?.() ?? (one ? [one] : [])
    const scan = mayScan(c.get('auth'))
    const bots: BotView[] = all.map((s) => ({
      ...(s.account ? { account: s.account } : {}),
      state: s.state,
      qr: s.qr && scan ? qrMatrix(s.qr) : null,
      qrWithheld: s.qr !== null && !scan,
    }))
    return render(c, <BotPage user={pageUser(c, scope)} bots={bots} />)
  })

  app.get('/imports', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    return render(c, <ImportsPage user={pageUser(c, scope)} kinds={IMPORT_KINDS} allowed={mayImport(c)} kind="officials" dryRun={false} />)
  })

  app.post('/imports', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const allowed = mayImport(c)
    const body = await c.req.parseBody()
    const kind = typeof body.kind === 'string' && isImportKind(body.kind) ? body.kind : 'officials'
    const dryRun = body.dryRun === '1'
    const page = (outcome: ImportOutcome, status: 200 | 400 | 403 | 422) =>
      render(
        c,
        <ImportsPage user={pageUser(c, scope)} kinds={IMPORT_KINDS} allowed={allowed} kind={kind} dryRun={dryRun} outcome={outcome} />,
        status,
      )
    if (!allowed) return page({ ok: false, error: IMPORTS.scopedOnly }, 403)
    const file = body.file
    if (!(file instanceof File) || file.size === 0) return page({ ok: false, error: IMPORTS.noFile }, 400)
    const by = actorOf(c)
    const filename = file.name
    const result = await runImport(
      db,
      kind,
      { bytes: new Uint8Array(await file.arrayBuffer()), filename },
      { tz, clock, actor: by.actor, dryRun },
    )
    if (!result.ok) return page({ ok: false, problems: result.problems }, 422)
    if (!dryRun) await auditImportRequest(db, clock, by, { kind, filename, rows: result.rows })
    const summary = IMPORTS.ok(result.rows, result.inserted, result.updated, result.unchanged)
    return page({ ok: true, message: result.dryRun ? `${IMPORTS.dryOk}${summary}` : summary, warnings: result.warnings }, 200)
  })

  return app
}
