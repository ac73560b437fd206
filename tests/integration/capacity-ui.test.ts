import { afterEach, beforeEach, expect, it } from 'vitest'
import { seedUnits } from '../helpers/seed.js'
import { loadConfig } from '../../src/config.js'
import { createUiFixture, csrfOf, get, logIn, TZ, type CookieJar, type UiFixture } from '../helpers/browser.js'
import { bindTo, seedPeople } from './capacity-fixtures.js'

let f: UiFixture
let jar: CookieJar
beforeEach(async () => {
  // the clock stands at 2024-06-15 10:00 in Shanghai; 司法局 has eight officials
  f = await createUiFixture()
  jar = await logIn(f.app, f.tokens.admin)
  await bindTo(f.db, 'default', ['S1', 'S2', 'S3'])
})
afterEach(() => f.cleanup())

/** Schedules a session through the form and follows it to the page it leads to. */
async function schedule(unitCode: string, startsAt: string): Promise<{ location: string; html: string }> {
  const form = await get(f.app, jar, '/ui/sessions/new')
  const body = new URLSearchParams({
    _csrf: csrfOf(await form.text()),
    kind: 'pre_meeting',
    title: '会前学法',
    startsAt,
    unitCode,
    status: 'planned',
    quizCount: '0',
  })
  const res = await f.app.request('/ui/sessions', { method: 'POST', headers: { cookie: jar.header() }, body })
  expect(res.status).toBe(303)
  const location = res.headers.get('location')!
  return { location, html: await (await get(f.app, jar, location)).text() }
}

/** The text of the capacity panel, tags dropped. */
const panelOf = (html: string) => {
  const m = /<section class="capacity"[\s\S]*?<\/section>/.exec(html)
  expect(m, 'the page has a 发送容量 panel').not.toBeNull()
  return m![0].replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')
}

it('shows the 发送容量 panel on the page the session form leads to, with nothing to warn of', async () => {
  const { location, html } = await schedule('SFJ', '2024-06-20T09:00')
  expect(location).toContain('done=created')
  const panel = panelOf(html)
  for (const fact of [
    '|发送容量|',
    '|应通知人数|8|',
    '|已绑定|3（另有 5 人未绑定，收不到私信）|',
    '|账号数|1|',
    '|本次将发送消息数|约 ',
    '|预计发完用时|不到 1 分钟|',
    '|今日剩余额度|',
  ])
    expect(panel).toContain(fact)
  expect(html).not.toContain('role="alert"')
  expect(html).toContain('已保存。')
  expect(html).not.toContain('通知可能无法按时发完')
})

it('warns in plain Chinese, on the form’s result and on the session page, naming the accounts needed', async () => {
  await seedUnits(f.db, [['BIG', '全员培训单位', 'PL']])
  await seedPeople(f.db, 'BIG', 'Q', 1500, 1500, 'default')
  // the notice goes at once (its time has passed), half an hour before the start
  const { location, html } = await schedule('BIG', '2024-06-15T10:30')
  expect(html).toContain('已保存。注意：通知可能无法按时发完，请看下方「发送容量」。')
  const panel = panelOf(html)
  expect(panel).toContain('|应通知人数|1,500|')
  expect(panel).toContain('需要 2 个机器人账号才能按时发完（现有 1 个）。')
  expect(panel).toContain('发送额度不够')
  // read again later, without the flash: the warning stays on the page
  const again = await (await get(f.app, jar, location.replace(/\?.*$/, ''))).text()
  expect(again).not.toContain('已保存。')
  expect(panelOf(again)).toContain('需要 2 个机器人账号才能按时发完')
})

it('shows a unit’s 发送容量, linked from the session’s, within the viewer’s units only', async () => {
  const { html } = await schedule('SFJ', '2024-06-20T09:00')
  expect(html).toContain('href="/ui/capacity?unit=SFJ"')
  const page = await get(f.app, jar, '/ui/capacity?unit=SFJ')
  expect(page.status).toBe(200)
  const text = await page.text()
  expect(text).toContain('<option value="SFJ" selected="">')
  const panel = panelOf(text)
  expect(panel).toContain('|应通知人数|8|')
  expect(panel).toContain('|已绑定|3（另有 5 人未绑定，收不到私信）|')
  expect(panel).toContain('|今日剩余额度|2,000 条（2024-06-15，')
  // the whole county, by default, for an admin
  expect(panelOf(await (await get(f.app, jar, '/ui/capacity')).text())).toContain('|应通知人数|24|')
  const sfj = await logIn(f.app, f.tokens.sfj)
  expect((await get(f.app, sfj, '/ui/capacity?unit=ZFB')).status).toBe(403)
  expect(panelOf(await (await get(f.app, sfj, '/ui/capacity')).text())).toContain('|应通知人数|8|')
  expect((await get(f.app, jar, '/ui/capacity?unit=SFJ&date=soon')).status).toBe(400)
})

it('lists each account when there are several', async () => {
  const several = await createUiFixture({ config: loadConfig({ XUEFA_TZ: TZ, XUEFA_BOT_ACCOUNTS: 'default,second' }) })
  try {
    await bindTo(several.db, 'second', ['Z1', 'Z2'])
    const admin = await logIn(several.app, several.tokens.admin)
    const text = await (await get(several.app, admin, '/ui/capacity?unit=PL')).text()
    const table = /<table class="list accounts">[\s\S]*?<\/table>/
      .exec(text)?.[0]
      .replace(/<[^>]+>/g, '|')
      .replace(/\|+/g, '|')
    expect(table).toContain('|default|0|0|无需发送|0|2,000|')
    expect(table).toContain('|second|2|0|不到 1 分钟|3|2,000|')
  } finally {
    several.cleanup()
  }
})

it('a `done` naming a property every object has shows no flash (__proto__ was a 500)', async () => {
  const { location } = await schedule('SFJ', '2024-06-20T09:00')
  const base = location.split('?')[0]!
  for (const done of ['__proto__', 'constructor', 'toString']) {
    const res = await get(f.app, jar, `${base}?done=${done}`)
    expect(res.status).toBe(200)
    expect(await res.text()).not.toContain('class="flash')
  }
})
