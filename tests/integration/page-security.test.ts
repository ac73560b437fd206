/** The mobile page under attack (issue 16's review): mistyped links, hostile bodies, odd query values. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPageFixture, SESSION_ID, type PageFixture } from '../helpers/page.js'

let f: PageFixture
beforeEach(async () => {
  f = await createPageFixture()
})
afterEach(() => f.cleanup())

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  Promise.resolve(f.app.request(path, { method: 'POST', body, headers: { 'sec-fetch-site': 'same-origin', ...headers } }))

describe('the personal link in the access log', () => {
  it('is left out of paths that reach no page too (a doubled slash, a capital M, pasted after another path)', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const token = path.slice('/m/'.length)
    for (const p of [`/m//${token}`, `//m/${token}`, `/M/${token}`, `/m/${token}/x/y`]) {
      expect((await f.app.request(p)).status).toBe(404)
    }
    expect((await f.app.request(`/api/v1/m/${token}`)).status).toBe(401)
    expect((await f.app.request(`/ui/m/${token}`)).status).toBe(303) // the dashboard's login
    const logged = f.logs.join('')
    expect(logged).toContain('"path":"//m/<token>"')
    expect(logged).not.toContain(token)
  })
})

describe('a hostile body', () => {
  it('larger than a page ever sends is refused before it is parsed, the form and the script save alike', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const form = `attempt_no=1&${'q1=A&'.repeat(60_000)}`
    const res = await post(`${path}/quiz`, form, { 'content-type': 'application/x-www-form-urlencoded' })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('提交的内容过长，未被记录。')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const json = await post(`${path}/answer`, JSON.stringify({ attempt: 1, position: 1, value: 'A'.repeat(300_000) }), {
      'content-type': 'application/json',
    })
    expect(json.status).toBe(413)
    expect((await f.db.execute('SELECT count(*) AS n FROM attempts')).rows[0]!.n).toBe(0)
  })
})

describe('the offer of a new link', () => {
  it('sends at most 3 a day to one person, so a leaked link cannot spend the account’s daily cap', async () => {
    const soon = new Date(f.clock.now().getTime() + 3600_000)
    const path = f.path('A001', 'session', SESSION_ID, soon)
    f.clock.advanceMinutes(61)
    const resend = async () => (await post(`${path}/resend`, '')).headers.get('location')
    for (let i = 0; i < 3; i++) {
      expect(await resend()).toBe(`${path}?sent=sent`)
      f.clock.advanceMinutes(11)
    }
    expect(await resend()).toBe(`${path}?sent=day_limit`)
    expect(await (await f.app.request(`${path}?sent=day_limit`)).text()).toContain('今天已经发送过3次新链接')
    const planned = async () =>
      (await f.db.execute({ sql: 'SELECT count(*) AS n FROM deliveries WHERE recipient = ?', args: ['official:A001'] })).rows[0]!.n
    expect(await planned()).toBe(3)
    f.clock.advanceMinutes(24 * 60 - 22)
    expect(await resend()).toBe(`${path}?sent=sent`)
    expect(await planned()).toBe(4)
  })
})

describe('odd query values', () => {
  it('a `sent` naming a property every object has shows no notice', async () => {
    const soon = new Date(f.clock.now().getTime() + 3600_000)
    const path = f.path('A001', 'session', SESSION_ID, soon)
    f.clock.advanceMinutes(61)
    for (const sent of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const html = await (await f.app.request(`${path}?sent=${sent}`)).text()
      expect(html).toContain('这个个人链接已过期。')
      expect(html).not.toContain('class="alert"')
    }
  })
})
