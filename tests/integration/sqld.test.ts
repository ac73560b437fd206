import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/access/tokens.service.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createHttpApp } from '../../src/http/app.js'
import { silentLogger } from '../../src/log.js'
import { openDb, type Db } from '../../src/storage/db.js'
import { appliedMigrations, runMigrations } from '../../src/storage/migrate.js'
import { runXuefaHere } from '../helpers/cli.js'
import { createTestDb } from '../helpers/db.js'
import { buildCounty } from '../helpers/report-county.js'
import { startSqld, type Sqld } from '../helpers/sqld.js'

// One libSQL server (sqld) for the file, with JWT auth on: every client below signs in with a token of its key.
let server: Sqld
beforeAll(async () => {
  server = await startSqld({ jwt: true })
})
afterAll(() => server?.stop())

const NOW = '2025-01-10T00:00:00.000Z'

/** Creates a session through the real app on `db`, reads it back and fetches the 2024 report's JSON. */
async function throughTheApp(db: Db, url: string) {
  const clock = new ManualClock(NOW)
  await buildCounty(db)
  const config = loadConfig({ XUEFA_DB_URL: url, XUEFA_BOT: 'off' })
  const app = createHttpApp({ db, clock, config, logger: silentLogger })
  const { token } = await createApiToken({ db, clock }, { role: 'admin', unitCode: null }, { actor: 'test' })
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const created = await app.request('/api/v1/sessions', {
    method: 'POST',
    headers,
    body: JSON.stringify({
      kind: 'lecture',
      title: '行政复议法专题讲座',
      startsAt: '2024-04-02 09:00',
      unitCode: 'SFJ',
      hours: 2,
      laws: ['《中华人民共和国行政复议法》'],
    }),
  })
  expect(created.status).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const read = await app.request(`/api/v1/sessions/${id}`, { headers })
  expect(read.status).toBe(200)
  const readBack = (await read.json()) as { id: string }
  expect(readBack).toMatchObject({ id, title: '行政复议法专题讲座', startsAt: '2024-04-02T01:00:00.000Z', unitCode: 'SFJ', hours: 2 })
  const report = await app.request('/api/v1/reports/annual?year=2024&unit=PL', { headers })
  expect(report.status).toBe(200)
  const { id: _id, ...withoutId } = readBack
  return { session: withoutId, report: await report.json() }
}

describe('xuefa on a libSQL server (sqld)', () => {
  it('migrates, creates and reads back a session through the API, and gives the same report as the embedded file', async () => {
    const db = await openDb(server.url, { authToken: server.token() })
    try {
      expect(db.isLocal).toBe(false)
      const applied = await runMigrations(db, new ManualClock(NOW))
      expect(applied.length).toBeGreaterThan(0)
      expect(await appliedMigrations(db)).toEqual(applied)
      // a second run (another process starting) finds nothing to do
      expect(await runMigrations(db, new ManualClock(NOW))).toEqual([])

      const onServer = await throughTheApp(db, server.url)
      const file = await createTestDb(new ManualClock(NOW))
      try {
        const onFile = await throughTheApp(file.db, file.url)
        expect(onServer.session).toEqual(onFile.session)
        expect(onServer.report).toEqual(onFile.report)
        expect(JSON.stringify(onServer.report)).toContain('中华人民共和国行政复议法')
      } finally {
        file.cleanup()
      }
    } finally {
      db.close()
    }
  })

  it('refuses `xuefa migrate` without a token, with a bad one and with a read-only one, in one line naming XUEFA_DB_AUTH_TOKEN', async () => {
    const other = await startSqld({ jwt: true })
    try {
      const cases: [Record<string, string>, RegExp][] = [
        [{}, /要求令牌（HTTP 401）：请设置 XUEFA_DB_AUTH_TOKEN/],
        // a token signed by another server's key
        [{ XUEFA_DB_AUTH_TOKEN: other.token() }, /不接受 XUEFA_DB_AUTH_TOKEN（HTTP 401）/],
        [{ XUEFA_DB_AUTH_TOKEN: server.token({ readOnly: true }) }, /（HTTP 403）：XUEFA_DB_AUTH_TOKEN 没有写入权限/],
      ]
      for (const [env, message] of cases) {
        const r = await runXuefaHere(['migrate'], { XUEFA_DB_URL: server.url, ...env })
        expect(r.code).toBe(2)
        expect(r.stdout).toBe('')
        expect(r.stderr).toMatch(message)
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
        expect(r.stderr).not.toMatch(/LibsqlError|\bat\s/)
        // the token is never printed
        if (env.XUEFA_DB_AUTH_TOKEN) expect(r.stderr).not.toContain(env.XUEFA_DB_AUTH_TOKEN)
      }
    } finally {
      await other.stop()
    }
    const ok = await runXuefaHere(['migrate'], { XUEFA_DB_URL: server.url, XUEFA_DB_AUTH_TOKEN: server.token() })
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
  })
})

describe('a libSQL server with namespaces', () => {
  it('reaches each namespace through XUEFA_DB_NAMESPACE on the bare address, each its own database, one round trip a statement', async () => {
    const spaces = await startSqld({ namespaces: true })
    try {
      await spaces.createNamespace('county-a')
      await spaces.createNamespace('county-b')
      let requests = 0
      const a = await openDb(spaces.url, { namespace: 'county-a', onRequest: () => requests++ })
      const b = await openDb(spaces.url, { namespace: 'county-b' })
      try {
        await runMigrations(a, new ManualClock(NOW))
        const before = requests
        await a.execute({
          sql: 'INSERT INTO units (code, name, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          args: ['PL', '平罗县人民政府', '/PL/', NOW, NOW],
        })
        expect(requests - before).toBe(1)
        expect((await a.execute('SELECT name FROM units')).rows.map((r) => r.name)).toEqual(['平罗县人民政府'])
        // county-b is another database: nothing migrated there yet
        expect((await b.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 'units'")).rows[0]?.n).toBe(0)
        await spaces.createNamespace('county-c', { from: 'county-a' })
        const c = await openDb(spaces.url, { namespace: 'county-c' })
        expect((await c.execute('SELECT name FROM units')).rows.map((r) => r.name)).toEqual(['平罗县人民政府'])
        c.close()
      } finally {
        a.close()
        b.close()
      }
    } finally {
      await spaces.stop()
    }
  })
})
