/**
 * Issue 17 item 4 on the dashboard: the form's default time is never past; a start in the past is said before
 * saving and, once confirmed, recorded as held (its unmarked audience absent); moving the start ahead plans it
 * again; held by hand counts the unmarked; a mark other than 请假 before the start is refused in Chinese.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUiFixture, csrfOf, get, logIn, type CookieJar, type UiFixture } from '../helpers/browser.js'
import { findSession } from '../../src/sessions/sessions.repo.js'
import { listSessionJobs } from '../../src/jobs/jobs.repo.js'
import { ERRORS, FORM } from '../../src/http/dashboard/views/copy.zh.js'

let f: UiFixture
let jar: CookieJar
beforeEach(async () => {
  f = await createUiFixture() // the clock stands at 2024-06-15 10:00 (+08:00)
  jar = await logIn(f.app, f.tokens.admin)
})
afterEach(() => f.cleanup())

const fields = { kind: 'lecture', title: '宪法专题讲座', unitCode: 'SFJ', quizCount: '0' }

async function post(path: string, values: Record<string, string>): Promise<Response> {
  const csrf = csrfOf(await (await get(f.app, jar, '/ui/sessions/new')).text())
  return f.app.request(path, { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams({ _csrf: csrf, ...values }) })
}

const idOf = (res: Response) => decodeURIComponent(/\/ui\/sessions\/([^?]+)/.exec(res.headers.get('location') ?? '')![1]!)

async function marks(id: string): Promise<Record<string, string>> {
  const rs = await f.db.execute({ sql: 'SELECT official_id, status FROM attendance WHERE session_id = ? ORDER BY official_id', args: [id] })
  return Object.fromEntries(rs.rows.map((r) => [String(r.official_id), String(r.status)]))
}

const SFJ = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']

describe('the session form and a start in the past', () => {
  it("defaults to 09:00 of a day still ahead: tomorrow's once today's has passed", async () => {
    expect(await (await get(f.app, jar, '/ui/sessions/new')).text()).toContain('value="2024-06-16T09:00"')
    f.clock.set('2024-06-14T23:00:00Z') // 07:00 local
    expect(await (await get(f.app, jar, '/ui/sessions/new')).text()).toContain('value="2024-06-15T09:00"')
  })

  it('says before saving that a past start is recorded as held, saves it held once confirmed, and the sheet and marks agree', async () => {
    const asked = await post('/ui/sessions', { ...fields, startsAt: '2024-06-14T09:00' })
    expect(asked.status).toBe(400)
    const html = await asked.text()
    expect(html).toContain(FORM.pastAsk('2024-06-14 09:00'))
    expect(html).toContain('name="pastConfirmed"')
    expect((await f.db.execute("SELECT count(*) AS n FROM sessions WHERE title = '宪法专题讲座'")).rows[0]?.n).toBe(0)

    const saved = await post('/ui/sessions', { ...fields, startsAt: '2024-06-14T09:00', pastConfirmed: '1' })
    expect(saved.status).toBe(303)
    const id = idOf(saved)
    expect((await findSession(f.db, id))?.status).toBe('held')
    expect(await marks(id)).toEqual(Object.fromEntries(SFJ.map((o) => [o, 'absent'])))
    const page = await (await get(f.app, jar, `/ui/sessions/${encodeURIComponent(id)}`)).text()
    expect(page).toContain('应到 8 人')

    // the start was a mistake: moved ahead (the status select still says 已举办), the session is planned again
    const moved = await post(`/ui/sessions/${encodeURIComponent(id)}`, { ...fields, startsAt: '2024-06-20T09:00', status: 'held' })
    expect(moved.status).toBe(303)
    expect(await findSession(f.db, id)).toMatchObject({ status: 'planned', closedAt: null })
    expect(await marks(id)).toEqual({})
    expect((await listSessionJobs(f.db, id)).filter((j) => j.state === 'pending').map((j) => j.kind)).toContain('session.close')
  })

  it('held by hand, the unmarked are absent and counted', async () => {
    const saved = await post('/ui/sessions', { ...fields, startsAt: '2024-06-15T14:00' })
    const id = idOf(saved)
    expect((await findSession(f.db, id))?.status).toBe('planned')
    f.clock.set('2024-06-15T06:05:00Z') // 14:05 local, the session under way
    const sheet = await post(`/ui/sessions/${encodeURIComponent(id)}/attendance`, { 'mark:S1': '出席' })
    expect(sheet.status).toBe(303)
    const held = await post(`/ui/sessions/${encodeURIComponent(id)}`, { ...fields, startsAt: '2024-06-15T14:00', status: 'held' })
    expect(held.status).toBe(303)
    expect(await marks(id)).toEqual({ ...Object.fromEntries(SFJ.map((o) => [o, 'absent'])), S1: 'present' })
  })

  it('refuses, in Chinese, a mark other than 请假 before the session starts; 请假 in advance is taken', async () => {
    const id = idOf(await post('/ui/sessions', { ...fields, startsAt: '2024-06-20T09:00' }))
    const early = await post(`/ui/sessions/${encodeURIComponent(id)}/attendance`, { 'mark:S1': '出席' })
    expect(early.status).toBe(409)
    expect(await early.text()).toContain(ERRORS.sessionNotStarted)
    expect(await marks(id)).toEqual({})
    const leave = await post(`/ui/sessions/${encodeURIComponent(id)}/attendance`, { 'mark:S1': '请假' })
    expect(leave.status).toBe(303)
    expect(await marks(id)).toEqual({ S1: 'excused' })
  })
})
