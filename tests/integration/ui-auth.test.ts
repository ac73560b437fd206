import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UI_SECRET_SETTING } from '../../src/http/dashboard/ui-secret.js'
import { createFailureLimiter } from '../../src/http/common/rate-limit.js'
import { CookieJar, createUiFixture, csrfOf, get, logIn, mountUi, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture()
})
afterEach(() => f.cleanup())

const post = (jar: CookieJar, path: string, form: Record<string, string>) =>
  f.app.request(path, { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams(form) })

describe('dashboard log-in', () => {
  it('sends a visitor without a session to the log-in page', async () => {
    const res = await f.app.request('/ui/sessions')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/ui/login')
  })

  it('logs in with a live token: an httpOnly, SameSite=Lax, signed cookie scoped to /ui', async () => {
    const jar = new CookieJar()
    const page = jar.take(await f.app.request('/ui/login'))
    const res = await f.app.request('/ui/login', {
      method: 'POST',
      headers: { cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfOf(await page.text()), token: f.tokens.admin }),
    })
    expect(res.status).toBe(303)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xuefa_ui='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\/ui/)
    expect(cookie).not.toContain(f.tokens.admin)
    jar.take(res)
    const list = await get(f.app, jar, '/ui/sessions')
    expect(list.status).toBe(200)
    expect(await list.text()).toContain('政府常务会议会前学法')
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('refuses a wrong token and a revoked one with the message on the page', async () => {
    for (const token of ['xf_not_a_token', f.tokens.revoked]) {
      const jar = new CookieJar()
      const page = jar.take(await f.app.request('/ui/login'))
      const res = await f.app.request('/ui/login', {
        method: 'POST',
        headers: { cookie: jar.header() },
        body: new URLSearchParams({ _csrf: csrfOf(await page.text()), token }),
      })
      expect(res.status).toBe(401)
      expect(await res.text()).toContain('令牌无效、已撤销或已过期')
      expect(res.headers.getSetCookie().some((c) => c.startsWith('xuefa_ui='))).toBe(false)
    }
  })

  it('refuses a log-in form without its anti-forgery token', async () => {
    const res = await f.app.request('/ui/login', { method: 'POST', body: new URLSearchParams({ token: f.tokens.admin }) })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('防伪令牌')
  })

  it('throttles failed log-ins, never a valid token from the same address', async () => {
    const app = mountUi({ ...f.deps, limiter: createFailureLimiter({ clock: f.clock, limit: 2 }) })
    const jar = new CookieJar()
    const csrf = csrfOf(await jar.take(await app.request('/ui/login')).text())
    const attempt = (token: string) =>
      app.request('/ui/login', {
        method: 'POST',
        headers: { cookie: jar.header() },
        body: new URLSearchParams({ _csrf: csrf, token }),
      })
    expect((await attempt('xf_wrong-1')).status).toBe(401)
    expect((await attempt('xf_wrong-2')).status).toBe(401)
    const third = await attempt('xf_wrong-3')
    expect(third.status).toBe(429)
    expect(await third.text()).toContain('失败次数过多')
    const valid = await attempt(f.tokens.admin)
    expect(valid.status).toBe(303)
    expect(valid.headers.get('location')).toBe('/ui/sessions')
  })

  it('ends the session when the token is revoked, the cookie is tampered with, or the user logs out', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const value = jar.cookies.get('xuefa_ui')!
    jar.cookies.set('xuefa_ui', value.replace(/^\d+/, '2'))
    expect((await get(f.app, jar, '/ui/sessions')).status).toBe(303)

    const fresh = await logIn(f.app, f.tokens.admin)
    const out = fresh.take(await post(fresh, '/ui/logout', { _csrf: csrfOf(await (await get(f.app, fresh, '/ui/sessions')).text()) }))
    expect(out.headers.get('location')).toBe('/ui/login?out=1')
    expect((await get(f.app, fresh, '/ui/sessions')).status).toBe(303)

    const other = await logIn(f.app, f.tokens.reporter)
    expect((await get(f.app, other, '/ui/sessions')).status).toBe(200)
    await f.db.execute({ sql: "UPDATE api_tokens SET revoked_at = ? WHERE role = 'reporter'", args: [f.clock.now().toISOString()] })
    expect((await get(f.app, other, '/ui/sessions')).status).toBe(303)
  })

  it('ends the session after eight hours', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    f.clock.advanceMinutes(8 * 60 + 1)
    expect((await get(f.app, jar, '/ui/sessions')).status).toBe(303)
  })

  it('keeps its signing key in settings, so a restarted server accepts the cookie', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const rs = await f.db.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [UI_SECRET_SETTING] })
    expect(String(rs.rows[0]?.value)).toMatch(/^[\w-]{43}$/)
    const restarted = mountUi(f.deps)
    expect((await restarted.request('/ui/sessions', { headers: { cookie: jar.header() } })).status).toBe(200)
    const otherKey = mountUi({ ...f.deps, uiSecret: 'another-key-entirely-0123456789' })
    expect((await otherKey.request('/ui/sessions', { headers: { cookie: jar.header() } })).status).toBe(303)
  })
})

describe('anti-forgery tokens on every form', () => {
  it("refuses a form without the token, or with another session's, and changes nothing", async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const other = await logIn(f.app, f.tokens.admin)
    const otherCsrf = csrfOf(await (await get(f.app, other, '/ui/sessions/new')).text())
    const form = { kind: 'lecture', title: '伪造的活动', startsAt: '2024-07-01T09:00', unitCode: 'PL' }
    for (const body of [form, { ...form, _csrf: otherCsrf }, { ...form, _csrf: '' }]) {
      const res = await post(jar, '/ui/sessions', body)
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('防伪令牌')
    }
    for (const path of [`/ui/sessions/${f.sfjSessionId}/attendance`, `/ui/sessions/${f.sfjSessionId}/cancel`, '/ui/logout']) {
      expect((await post(jar, path, { 'mark:S1': 'present' })).status).toBe(403)
    }
    const rs = await f.db.execute("SELECT count(*) AS n FROM sessions WHERE title = '伪造的活动' OR status = 'cancelled'")
    expect(rs.rows[0]?.n).toBe(0)
    expect((await f.db.execute("SELECT count(*) AS n FROM attendance WHERE source <> 'auto'")).rows[0]?.n).toBe(0)
    expect((await get(f.app, jar, '/ui/sessions')).status).toBe(200)
  })

  it('accepts the same form with the token: the session is written, from the dashboard', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const csrf = csrfOf(await (await get(f.app, jar, '/ui/sessions/new')).text())
    const res = await post(jar, '/ui/sessions', {
      _csrf: csrf,
      kind: 'lecture',
      title: '民法典专题讲座',
      startsAt: '2024-07-01T09:00',
      unitCode: 'SFJ',
      laws: '《中华人民共和国民法典》、中华人民共和国行政许可法',
      quizCount: '0',
      passScore: '60',
    })
    expect(res.status).toBe(303)
    const rs = await f.db.execute("SELECT id, source, starts_at, created_by FROM sessions WHERE title = '民法典专题讲座'")
    expect(rs.rows[0]).toMatchObject({
      source: 'ui',
      starts_at: '2024-07-01T01:00:00.000Z',
      created_by: expect.stringMatching(/^token:\d+$/),
    })
    expect(res.headers.get('location')).toBe(`/ui/sessions/${rs.rows[0]?.id}?done=created`)
    const laws = await f.db.execute({
      sql: 'SELECT law_title FROM session_laws WHERE session_id = ? ORDER BY position',
      args: [String(rs.rows[0]?.id)],
    })
    expect(laws.rows.map((r) => r.law_title)).toEqual(['中华人民共和国民法典', '中华人民共和国行政许可法'])
  })
})
