import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditRows } from '../helpers/api.js'
import { type CookieJar, createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture()
})
afterEach(() => f.cleanup())

async function post(jar: CookieJar, form: Record<string, string>) {
  const csrf = csrfOf(await (await get(f.app, jar, '/ui/organizers')).text())
  return f.app.request('/ui/organizers', {
    method: 'POST',
    headers: { cookie: jar.header() },
    body: new URLSearchParams({ _csrf: csrf, ...form }),
  })
}
const flag = async (id: string) =>
  (await f.db.execute({ sql: 'SELECT is_organizer FROM officials WHERE id = ?', args: [id] })).rows[0]?.is_organizer

describe('/ui/organizers: making someone an organizer on the dashboard', () => {
  it('is linked from the import page, adds and removes an organizer, audited', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    expect(await (await get(f.app, jar, '/ui/imports')).text()).toContain('href="/ui/organizers"')
    expect(await (await get(f.app, jar, '/ui/organizers')).text()).toContain('目前没有组织者。')

    const added = await post(jar, { officialId: 'S2', isOrganizer: '1' })
    expect(added.status).toBe(303)
    expect(added.headers.get('location')).toBe('/ui/organizers?done=added')
    expect(await flag('S2')).toBe(1)
    const list = await (await get(f.app, jar, '/ui/organizers?done=added')).text()
    expect(list).toContain('已设为组织者。')
    expect(list).toMatch(/<td>S2<\/td><td>王芳（司法局）<\/td><td>县司法局<\/td>/)
    expect((await auditRows(f.db, 'official.organizer')).map((r) => r.entity_id)).toEqual(['S2'])

    expect((await post(jar, { officialId: 'S2', isOrganizer: '0' })).status).toBe(303)
    expect(await flag('S2')).toBe(0)
  })

  it("keeps a unit's organizer to its own units, refuses an unknown id, and a reporter only reads", async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    // someone outside its units is answered exactly as someone who does not exist
    const outside = await post(jar, { officialId: 'Z1', isOrganizer: '1' })
    expect(outside.status).toBe(404)
    expect(await outside.text()).toContain('没有编号为「Z1」的人员。')
    expect(await flag('Z1')).toBe(0)
    const unknown = await post(jar, { officialId: 'NOPE', isOrganizer: '1' })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('没有编号为「NOPE」的人员。')
    expect((await post(jar, { officialId: 'S3', isOrganizer: '1' })).status).toBe(303)
    expect(await flag('S3')).toBe(1)

    const reader = await logIn(f.app, f.tokens.reporter)
    const page = await (await get(f.app, reader, '/ui/organizers')).text()
    expect(page).toContain('李娜（司法局）')
    expect(page).not.toContain('设为组织者</button>')
    expect((await post(reader, { officialId: 'S4', isOrganizer: '1' })).status).toBe(403)
    expect(await flag('S4')).toBe(0)
  })
})
