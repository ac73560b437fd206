/** Issue 18.9: a body limit per kind of route, each 413 naming its limit; the audit's address and X-Forwarded-For. */
import { afterEach, describe, expect, it } from 'vitest'
import { auditRows, createApiHarness, type ApiHarness } from '../helpers/api.js'
import { seedQuestions } from './quiz-fixtures.js'

const harnesses: ApiHarness[] = []
afterEach(() => {
  while (harnesses.length) harnesses.pop()!.cleanup()
})
async function harness(env: Record<string, string> = {}) {
  const h = await createApiHarness({ env })
  harnesses.push(h)
  await seedQuestions(h.db)
  return h
}

/** The dashboard's log-in, as a browser does it (without the browser helpers, which load playwright). */
async function logIn(h: ApiHarness, token: string) {
  const cookies = new Map<string, string>()
  const take = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      cookies.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1))
    }
    return res
  }
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const csrf = async (path: string) =>
    /name="_csrf" value="([^"]+)"/.exec(await take(await h.app.request(path, { headers: { cookie: cookie() } })).text())![1]!
  const body = new URLSearchParams({ _csrf: await csrf('/ui/login'), token })
  expect(take(await h.app.request('/ui/login', { method: 'POST', headers: { cookie: cookie() }, body })).status).toBe(303)
  return { cookie, csrf }
}

describe('body limits per route', () => {
  it('gives JSON and form routes the small limit and imports their own, each 413 naming its limit', async () => {
    const h = await harness({ XUEFA_JSON_BODY_LIMIT: '4096', XUEFA_BODY_LIMIT: '65536' })
    const admin = await h.token('admin')
    const title = 'x'.repeat(6000)
    const json = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      json: { kind: 'lecture', title, startsAt: '2024-03-20 09:00', unitCode: 'PL-A' },
    })
    expect(json.status).toBe(413)
    expect(await json.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('(XUEFA_JSON_BODY_LIMIT)') })
    // the dashboard says it in Chinese
    const form = await h.request('/ui/login', { method: 'POST', body: new URLSearchParams({ token: title }) })
    expect(form.status).toBe(413)
    expect(await form.text()).toContain('提交的内容超过 4 KB 的上限，未作任何修改。')

    // an import of 10 KB is over the JSON limit and well within its own: it is read (and checked) as a file
    const rows = Array.from({ length: 300 }, (_, i) => `X${String(i).padStart(4, '0')},某某${i},PL-A`)
    const file = ['id,name,unit_code', ...rows].join('\n')
    expect(file.length).toBeGreaterThan(4096)
    const imported = await h.request('/api/v1/import/officials?dryRun=true', {
      method: 'POST',
      token: admin.token,
      headers: { 'content-type': 'text/csv' },
      body: file,
    })
    expect(imported.status).toBe(200)
    expect(await imported.json()).toMatchObject({ rows: 300 })

    const huge = await h.request('/api/v1/import/officials', {
      method: 'POST',
      token: admin.token,
      headers: { 'content-type': 'text/csv' },
      body: file.repeat(12),
    })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the file is larger than 65536 bytes, the import limit (XUEFA_BODY_LIMIT)',
    })
    // the dashboard's import form: the file within its limit is read, over it refused by name
    const ui = await logIn(h, admin.token)
    const upload = async (text: string) => {
      const body = new FormData()
      body.set('_csrf', await ui.csrf('/ui/imports'))
      body.set('kind', 'officials')
      body.set('dryRun', '1')
      body.set('file', new File([text], 'officials.csv', { type: 'text/csv' }))
      return h.app.request('/ui/imports', { method: 'POST', headers: { cookie: ui.cookie() }, body })
    }
    expect((await upload(file)).status).toBe(200)
    const refused = await upload(file.repeat(12))
    expect(refused.status).toBe(413)
    expect(await refused.text()).toContain('文件超过导入上限 64 KB（XUEFA_BODY_LIMIT），未导入任何内容。')
    expect(Number((await h.db.execute("SELECT count(*) AS n FROM officials WHERE id LIKE 'X%'")).rows[0]?.n)).toBe(0)
  })
})

describe('the client address in the audit', () => {
  const assign = (h: ApiHarness, token: string, officialId: string, xff: string) =>
    h.request('/api/v1/exams/appointment', {
      method: 'POST',
      token,
      ip: '192.0.2.77',
      headers: { 'x-forwarded-for': xff },
      json: { officialId, proposedPost: '副局长', opensAt: '2024-03-05 09:00' },
    })

  it('records the socket address of an exam assigned, not X-Forwarded-For, while XUEFA_TRUST_PROXY is off', async () => {
    const h = await harness()
    const admin = await h.token('admin')
    expect((await assign(h, admin.token, 'A001', '203.0.113.9')).status).toBe(201)
    expect((await auditRows(h.db, 'exam.assign')).map((r) => r.ip)).toEqual(['192.0.2.77'])
  })

  it('records the last X-Forwarded-For entry (the one the trusted proxy appended) when it is on', async () => {
    const h = await harness({ XUEFA_TRUST_PROXY: 'on' })
    const admin = await h.token('admin')
    expect((await assign(h, admin.token, 'A001', '10.9.9.9, 203.0.113.9')).status).toBe(201)
    expect((await auditRows(h.db, 'exam.assign')).map((r) => r.ip)).toEqual(['203.0.113.9'])
  })
})
