import { afterEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { createXuefa, type Xuefa } from '../../src/main.js'
import { createLogger } from '../../src/log.js'
import { ManualClock } from '../../src/clock.js'
import { openDb } from '../../src/storage/db.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import type { TokenRole } from '../../src/access/tokens.repo.js'
import { START, seedCounty, seedSession } from '../helpers/api.js'

// The read cache answers repeated API reads in front of Hono (src/http/read-cache.ts). These run the real
// server over loopback, because that front is node's, and check that whatever changes an answer — a write
// here, a write from another process, another token, a revocation, an expiry, a lock-out — is never
// answered from memory.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

interface Server {
  app: Xuefa
  base: string
  url: string
  clock: ManualClock
  /** how many requests were answered from memory so far (from the debug access lines) */
  cachedAnswers(): number
  token(role: TokenRole, unitCode: string | null, expiresInDays?: number): Promise<{ id: number; token: string }>
  get(path: string, token: string, headers?: Record<string, string>): Promise<Response>
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-read-cache-'))
  const url = `file:${join(dir, 'x.db')}`
  const clock = new ManualClock(START)
  const lines: string[] = []
  const stream = new PassThrough()
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)))
  const app = await createXuefa({
    dbUrl: url,
    port: 0,
    clock,
    loops: false,
    logger: createLogger('debug', stream),
    env: { XUEFA_BOT: 'off', XUEFA_BANK: 'off', ...env },
  })
  await app.start()
  cleanups.push(async () => {
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  await seedCounty(app.db)
  await seedSession(app.db, 'S-A', 'PL-A')
  const base = `http://127.0.0.1:${app.port}`
  return {
    app,
    base,
    url,
    clock,
    cachedAnswers: () => lines.filter((l) => (JSON.parse(l) as { cached?: boolean }).cached === true).length,
    token: (role, unitCode, expiresInDays) => createApiToken({ db: app.db, clock }, { role, unitCode, expiresInDays }, { actor: 'test' }),
    get: (path, token, headers = {}) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } }),
  }
}

const present = async (res: Response) => ((await res.json()) as { attendance: { present: number } }).attendance.present

describe('read cache', () => {
  it('answers a repeated read from memory with the same bytes and headers, and a fresh request id', async () => {
    const s = await startServer()
    const { token } = await s.token('organizer', 'PL-A')
    const first = await s.get('/api/v1/sessions/S-A', token)
    const firstBody = await first.text()
    const second = await s.get('/api/v1/sessions/S-A', token)
    expect(await second.text()).toBe(firstBody)
    expect(s.cachedAnswers()).toBe(1)
    const headers = (r: Response) =>
      [...r.headers].filter(([k]) => k !== 'date' && k !== 'x-request-id' && k !== 'keep-alive' && k !== 'connection')
    expect(headers(second)).toEqual(headers(first))
    expect(second.headers.get('x-request-id')).toMatch(/\S/)
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
    // the list and the report are kept too; an unknown query string is its own entry
    for (const path of ['/api/v1/sessions?year=2024', '/api/v1/reports/annual?year=2024']) {
      const a = await (await s.get(path, token)).text()
      expect(await (await s.get(path, token)).text()).toBe(a)
    }
    expect(s.cachedAnswers()).toBe(3)
  })

  it('answers afresh after a write through the API', async () => {
    const s = await startServer()
    const { token } = await s.token('organizer', 'PL-A')
    expect(await present(await s.get('/api/v1/sessions/S-A', token))).toBe(0)
    expect(await present(await s.get('/api/v1/sessions/S-A', token))).toBe(0)
    const put = await fetch(`${s.base}/api/v1/sessions/S-A/attendance`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ officialId: 'A001', status: 'present' }]),
    })
    expect(put.status).toBe(200)
    expect(await present(await s.get('/api/v1/sessions/S-A', token))).toBe(1)
  })

  it('answers afresh after a write from another process', async () => {
    const s = await startServer()
    const { token } = await s.token('organizer', 'PL-A')
    await s.get('/api/v1/sessions/S-A', token)
    expect(await present(await s.get('/api/v1/sessions/S-A', token))).toBe(0)
    expect(s.cachedAnswers()).toBe(1)
    // another process (as `xuefa import` run beside the server would be) marks A002 present
    const require = createRequire(import.meta.url)
    const libsql = require.resolve('libsql', { paths: [require.resolve('@libsql/client')] })
    const file = s.url.slice('file:'.length)
    execFileSync(process.execPath, [
      '-e',
      `const D = require(${JSON.stringify(libsql)}); const d = new D(${JSON.stringify(file)});
       d.prepare("INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES ('S-A', 'A002', 'present', '2024-03-10T02:00:00.000Z')").run(); d.close()`,
    ])
    expect(await present(await s.get('/api/v1/sessions/S-A', token))).toBe(1)
  })

  it('never answers one token with what another was given', async () => {
    const s = await startServer()
    const a = await s.token('organizer', 'PL-A')
    const b = await s.token('organizer', 'PL-B')
    await s.get('/api/v1/sessions/S-A', a.token)
    expect((await s.get('/api/v1/sessions/S-A', a.token)).status).toBe(200)
    expect((await s.get('/api/v1/sessions/S-A', b.token)).status).toBe(403)
    expect((await s.get('/api/v1/sessions/S-A', 'xf_not_a_token')).status).toBe(401)
    expect((await fetch(`${s.base}/api/v1/sessions/S-A`)).status).toBe(401)
  })

  it('refuses a revoked token at once, and an expired one', async () => {
    const s = await startServer()
    const admin = await s.token('admin', null)
    const organizer = await s.token('organizer', 'PL-A', 1)
    await s.get('/api/v1/sessions/S-A', organizer.token)
    expect((await s.get('/api/v1/sessions/S-A', organizer.token)).status).toBe(200)
    expect(s.cachedAnswers()).toBe(1)
    const revoke = await fetch(`${s.base}/api/v1/tokens/${organizer.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin.token}` },
    })
    expect(revoke.status).toBe(200)
    expect((await s.get('/api/v1/sessions/S-A', organizer.token)).status).toBe(401)

    const shortLived = await s.token('organizer', 'PL-A', 1)
    await s.get('/api/v1/sessions/S-A', shortLived.token)
    expect((await s.get('/api/v1/sessions/S-A', shortLived.token)).status).toBe(200)
    s.clock.advance(86_400_000 + 1_000)
    expect((await s.get('/api/v1/sessions/S-A', shortLived.token)).status).toBe(401)
  })

  it('sees a revocation made by another process once the token cache would have (within its TTL)', async () => {
    const s = await startServer()
    const organizer = await s.token('organizer', 'PL-A')
    await s.get('/api/v1/sessions/S-A', organizer.token)
    expect((await s.get('/api/v1/sessions/S-A', organizer.token)).status).toBe(200)
    const other = await openDb(s.url)
    await other.execute({ sql: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ?', args: [START, organizer.id] })
    other.close()
    // the write moved the data version, so even inside the TTL nothing is answered from memory
    expect((await s.get('/api/v1/sessions/S-A', organizer.token)).status).toBe(200 /* token cache, as without the read cache */)
    s.clock.advance(5_001)
    expect((await s.get('/api/v1/sessions/S-A', organizer.token)).status).toBe(401)
  })

  it('does not answer a locked-out address from memory', async () => {
    const s = await startServer()
    const { token } = await s.token('organizer', 'PL-A')
    await s.get('/api/v1/sessions/S-A', token)
    for (let i = 0; i < 10; i++) await s.get('/api/v1/sessions/S-A', `xf_wrong_${i}`)
    const res = await s.get('/api/v1/sessions/S-A', token)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('leaves CORS requests, other routes and other methods to the app', async () => {
    const s = await startServer({ XUEFA_CORS_ORIGINS: 'https://oa.example.gov.cn' })
    const { token } = await s.token('admin', null)
    for (let i = 0; i < 2; i++) {
      const res = await s.get('/api/v1/sessions/S-A', token, { origin: 'https://oa.example.gov.cn' })
      expect(res.headers.get('access-control-allow-origin')).toBe('https://oa.example.gov.cn')
      await s.get('/api/v1/tokens', token)
      await s.get('/api/v1/reports/annual?year=2024&format=md', token)
    }
    expect(s.cachedAnswers()).toBe(0)
  })

  it('is off with XUEFA_READ_CACHE=off', async () => {
    const s = await startServer({ XUEFA_READ_CACHE: 'off' })
    const { token } = await s.token('organizer', 'PL-A')
    for (let i = 0; i < 3; i++) expect((await s.get('/api/v1/sessions/S-A', token)).status).toBe(200)
    expect(s.cachedAnswers()).toBe(0)
  })
})
