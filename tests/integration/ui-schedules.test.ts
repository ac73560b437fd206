import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CookieJar, createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture() // Saturday 2024-06-15 10:00 in Shanghai
})
afterEach(() => f.cleanup())

async function post(jar: CookieJar, path: string, form: Record<string, string> = {}) {
  const csrf = csrfOf(await (await get(f.app, jar, '/ui/schedules')).text())
  return f.app.request(path, { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams({ _csrf: csrf, ...form }) })
}
const rows = async () => (await f.db.execute('SELECT name, cron, payload_json, skip_holidays, enabled FROM schedules ORDER BY id')).rows

describe('the dashboard’s 定时推送 page', () => {
  it('adds a weekly list for a unit, shows when it goes next in local time, and turns it off and removes it', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const added = await post(jar, '/ui/schedules', { name: '司法局每周学法清单', cron: '0 9 * * 1', unitCode: 'SFJ' })
    expect(added.status).toBe(303)
    const page = await (await get(f.app, jar, '/ui/schedules?done=saved')).text()
    expect(page).toContain('定时推送已保存。')
    expect(page).toContain('司法局每周学法清单')
    expect(page).toContain('2024-06-17 09:00') // next Monday
    expect(page).toContain('法定工作日')
    expect(await rows()).toMatchObject([{ cron: '0 9 * * 1', payload_json: '{"unitCode":"SFJ"}', skip_holidays: 1, enabled: 1 }])
    expect((await post(jar, '/ui/schedules/1/disable')).status).toBe(303)
    expect(await rows()).toMatchObject([{ enabled: 0 }])
    expect((await post(jar, '/ui/schedules/1/delete')).status).toBe(303)
    expect(await rows()).toEqual([])
  })

  it('says in Chinese what is wrong with a time and keeps what was typed', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const res = await post(jar, '/ui/schedules', { name: '每周', cron: '0 25 * * 1', unitCode: '' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('时间写法有误')
    expect(html).toContain('value="0 25 * * 1"')
    expect(await rows()).toEqual([])
  })

  it('keeps a unit-scoped organizer to its units, and a reporter to reading', async () => {
    const admin = await logIn(f.app, f.tokens.admin)
    await post(admin, '/ui/schedules', { name: '全县', cron: '0 9 * * 1', unitCode: '' })
    await post(admin, '/ui/schedules', { name: '政府办', cron: '0 9 * * 1', unitCode: 'ZFB' })
    const sfj = await logIn(f.app, f.tokens.sfj)
    const page = await (await get(f.app, sfj, '/ui/schedules')).text()
    expect(page).not.toContain('全县')
    expect(page).not.toContain('政府办</th>')
    expect((await post(sfj, '/ui/schedules', { name: 'x', cron: '0 9 * * 1', unitCode: '' })).status).toBe(403)
    expect((await post(sfj, '/ui/schedules', { name: 'x', cron: '0 9 * * 1', unitCode: 'ZFB' })).status).toBe(403)
    expect((await post(sfj, '/ui/schedules/1/delete')).status).toBe(403)
    expect((await post(sfj, '/ui/schedules', { name: '司法局', cron: '0 9 * * 1', unitCode: 'SFJ' })).status).toBe(303)
    const reporter = await logIn(f.app, f.tokens.reporter)
    expect(await (await get(f.app, reporter, '/ui/schedules')).text()).not.toContain('新建定时推送')
    expect((await post(reporter, '/ui/schedules', { name: 'r', cron: '0 9 * * 1', unitCode: '' })).status).toBe(403)
    expect((await rows()).map((r) => r.name)).toEqual(['全县', '政府办', '司法局'])
  })
})
