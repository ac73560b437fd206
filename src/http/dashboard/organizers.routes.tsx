/** /ui/organizers: who organises in the viewer's units (是否组织者), and making someone one or not — as the API does. */
import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { findOfficial, listOrganizers } from '../../roster/officials.repo.js'
import { setOrganizer } from '../../roster/organizer.service.js'
import { actorOf } from '../common/types.js'
import { ORGANIZERS } from './views/copy.zh.js'
import { OrganizersPage } from './views/organizers.js'
import { canChange, loadScope, pageUser, render, unitName } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

export function organizerUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const app = new Hono<UiEnv>()

  async function page(c: UiContext, flash: { message: string; error: boolean } | null, status: 200 | 400 | 403 | 404 = 200) {
    const scope = await loadScope(db, c.get('auth'))
    const rows = (await listOrganizers(db, c.get('auth').unitCode)).map((o) => ({
      id: o.id,
      name: o.name,
      unitName: unitName(scope, o.unitCode),
    }))
    return render(c, <OrganizersPage user={pageUser(c, scope)} rows={rows} canEdit={canChange(c.get('auth'))} flash={flash} />, status)
  }

  app.get('/organizers', async (c) => {
    const done = c.req.query('done')
    return page(c, done === 'added' || done === 'removed' ? { message: ORGANIZERS[done], error: false } : null)
  })

  app.post('/organizers', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const body = await c.req.parseBody()
    const id = typeof body.officialId === 'string' ? body.officialId.trim().slice(0, 64) : ''
    const add = body.isOrganizer === '1'
    const official = id === '' ? null : await findOfficial(db, id)
    const scope = official ? await loadScope(db, c.get('auth')) : null
    // someone outside the viewer's units is answered exactly as someone who does not exist
    if (!official || !scope?.byCode.has(official.unitCode))
      return page(c, { message: ORGANIZERS.notFound(id), error: true }, id === '' ? 400 : 404)
    if (official.leftAt !== null && add) return page(c, { message: ORGANIZERS.left(official.name), error: true }, 400)
    await setOrganizer({ db, clock }, id, add, actorOf(c))
    return c.redirect(`/ui/organizers?done=${add ? 'added' : 'removed'}`, 303)
  })

  return app
}
