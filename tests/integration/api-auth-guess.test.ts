import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createHttpApp } from '../../src/http/app.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { silentLogger } from '../../src/log.js'
import type { Db } from '../../src/storage/db.js'
import { seedCounty, seedSession, START } from '../helpers/api.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

// A GET with a token this process found valid before runs before its token's lookup is answered, on a remote database
// only (auth.ts). The test's database, on either engine, is wrapped to say it is remote, so the guess is taken here too,
// and to fail the token's lookup when asked.
let t: TestDb | undefined
afterEach(() => t?.cleanup())

async function guessingApp(env: Record<string, string> = {}) {
  t = await createTestDb(new ManualClock(START))
  const real = t.db
  await seedCounty(real)
  await seedSession(real, 'S-A', 'PL-A')
  const failing = { lookup: false }
  const db: Db = Object.assign(Object.create(real) as Db, {
    isLocal: false,
    async execute(stmt: Parameters<Db['execute']>[0]) {
      const sql = typeof stmt === 'string' ? stmt : stmt.sql
      if (failing.lookup && sql.includes('FROM api_tokens')) throw new Error('the server went away')
      // the route's reads answered later than the lookup
      if (failing.lookup) await new Promise((r) => setTimeout(r, 20))
      return real.execute(stmt)
    },
  })
  const clock = new ManualClock(START)
  const config = loadConfig({ ...t.env, XUEFA_BOT: 'off', ...env })
  const app = createHttpApp({ db, clock, config, logger: silentLogger })
  const { token } = await createApiToken({ db: real, clock }, { role: 'admin', unitCode: null }, { actor: 'test' })
  return { app, real, failing, token }
}

describe('a GET run on a token found valid before (a remote database)', () => {
  it('answers 500, not the route, when the token cannot be looked up, and leaves no rejection unhandled (it would end the process)', async () => {
    const { app, failing, token } = await guessingApp()
    const headers = { authorization: `Bearer ${token}` }
    expect((await app.request('/api/v1/sessions/S-A', { headers })).status).toBe(200)
    const unhandled: unknown[] = []
    const record = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', record)
    try {
      failing.lookup = true
      const res = await app.request('/api/v1/sessions/S-A', { headers })
      expect(res.status).toBe(500)
      expect(await res.json()).toMatchObject({ code: 'INTERNAL' })
      await new Promise((r) => setTimeout(r, 50))
    } finally {
      process.off('unhandledRejection', record)
    }
    expect(unhandled).toEqual([])
  })
})

describe('a GET run on a token revoked since it was found valid (a remote database)', () => {
  it('is refused with the headers any refusal has (CORS, the request id), and none of the route’s', async () => {
    const origin = 'https://county.example'
    const { app, real, token } = await guessingApp({ XUEFA_CORS_ORIGINS: origin })
    const headers = { authorization: `Bearer ${token}`, origin }
    expect((await app.request('/api/v1/exports/ledger?year=2024', { headers })).status).toBe(200)
    await real.batch([{ sql: 'UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL', args: [START] }])
    // the first after the revocation runs the route on the guess; the next is refused before any route (nothing guessed)
    const refusals = [
      await app.request('/api/v1/exports/ledger?year=2024', { headers }),
      await app.request('/api/v1/exports/ledger?year=2024', { headers }),
    ]
    for (const res of refusals) {
      expect(res.status).toBe(401)
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(res.headers.get('content-disposition')).toBeNull()
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED', requestId: res.headers.get('x-request-id') })
    }
    expect([...refusals[0]!.headers.keys()]).toEqual([...refusals[1]!.headers.keys()])
  })
})
