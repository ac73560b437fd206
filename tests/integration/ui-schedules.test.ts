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
    expect(page).toContain('按“周一至周五”（1-5）设置的，调休上班的周末也推送。')
    expect(page).not.toContain('调休上班的周末照常推送')
    expect(await rows()).toMatchObject([{ cron: '0 9 * * 1', payload_json: '{"unitCode":"SFJ"}', skip_holidays: 1, enabled: 1 }])
    expect((await post(jar, '/ui/schedules/1/disable')).status).toBe(303)
    expect(await rows()).toMatchObject([{ enabled: 0 }])
    expect((await post(jar, '/ui/schedules/1/delete')).status).toBe(303)
    expect(await rows()).toEqual([])
  })

  it('says a weekly push that does not skip holidays goes on holidays and weekends too, not every day', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    await post(jar, '/ui/schedules', { name: '周一推送', cron: '0 9 * * 1', unitCode: 'SFJ', everyDay: '1' })
    const page = await (await get(f.app, jar, '/ui/schedules')).text()
    expect(page).toContain('<td>含节假日和周末</td>')
    expect(page).not.toContain('<td>每天</td>')
    expect(await rows()).toMatchObject([{ cron: '0 9 * * 1', skip_holidays: 0 }])
  })

  it('says in Chinese what is wrong with a time and keeps what was typed', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const res = await post(jar, '/ui/schedules', { name: '每周', cron: '0 25 * * 1', unitCode: '' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('时间写法有误')
    expect(html).toContain('时间写法有误，请按「分 时 日 月 星期」五项填写，用空格分隔。')
    expect(html).not.toMatch(/invalid cron|is outside|expected 5/)
    expect(html).toContain('value="0 25 * * 1"')
    const four = await (await post(jar, '/ui/schedules', { name: '每周', cron: '0 9 * *', unitCode: '' })).text()
    expect(four).toContain('时间写法有误，请按「分 时 日 月 星期」五项填写')
    expect(four).not.toContain('fields')
    expect(await rows()).toEqual([])
  })

  it('names an unknown unit in Chinese, not as a time problem', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const res = await post(jar, '/ui/schedules', { name: '每周', cron: '0 9 * * 1', unitCode: 'NOPE' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('单位 NOPE 不存在。')
    expect(html).not.toMatch(/时间写法有误|does not exist/)
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

  it('refuses a unit-scoped organizer the name of a schedule beyond its units, in Chinese, and changes nothing', async () => {
    const admin = await logIn(f.app, f.tokens.admin)
    await post(admin, '/ui/schedules', { name: '全县', cron: '0 9 * * 1', unitCode: '' })
    await post(admin, '/ui/schedules', { name: '政府办', cron: '0 9 * * 1', unitCode: 'ZFB' })
    const sfj = await logIn(f.app, f.tokens.sfj)
    for (const name of ['全县', '政府办']) {
      const res = await post(sfj, '/ui/schedules', { name, cron: '0 7 * * *', unitCode: 'SFJ', everyDay: '1' })
      expect(res.status).toBe(409)
      const html = await res.text()
      expect(html).toContain(`名称「${name}」已被您管理范围以外的定时推送使用，请换一个名称。`)
      expect(html).not.toMatch(/schedule named|政府办<\/th>/)
    }
    expect(await rows()).toMatchObject([
      { name: '全县', cron: '0 9 * * 1', payload_json: '{}', skip_holidays: 1 },
      { name: '政府办', cron: '0 9 * * 1', payload_json: '{"unitCode":"ZFB"}', skip_holidays: 1 },
    ])
  })
})
