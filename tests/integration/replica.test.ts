import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApiToken } from '../../src/access/tokens.service.js'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { createXuefa } from '../../src/main.js'
import { annualReport } from '../../src/reports/report-cache.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { openDb, type Db } from '../../src/storage/db.js'
import { appliedMigrations, runMigrations } from '../../src/storage/migrate.js'
import { runXuefaHere } from '../helpers/cli.js'
import { buildCounty } from '../helpers/report-county.js'
import { startSqld, type Sqld } from '../helpers/sqld.js'

// One libSQL server (sqld, with JWT auth) for the file: the primary; each test gives it replicas in files of their own.
let server: Sqld
let dir: string
beforeAll(async () => {
  server = await startSqld({ jwt: true })
  dir = mkdtempSync(join(tmpdir(), 'xuefa-replica-'))
})
afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const NOW = '2025-01-10T00:00:00.000Z'
const TZ = 'Asia/Shanghai'
const YEAR = { year: 2024, tz: TZ }
let files = 0

/** A replica of the server in a new file; idle syncs an hour apart unless asked (the test syncs by hand). */
function replica(o: { syncIntervalMs?: number; onRequest?: (r: Request) => void } = {}): Promise<Db> {
  return openDb(`file:${join(dir, `r${++files}.db`)}`, {
    syncUrl: server.url,
    authToken: server.token(),
    syncIntervalMs: o.syncIntervalMs ?? 3_600_000,
    onRequest: o.onRequest,
  })
}

/** The report as the cache gives it, checked to be the one the replica's file says now (never a stale one). */
async function report(db: Db) {
  const kept = await annualReport(db, YEAR)
  expect(kept).toEqual(await buildAnnualReport(db, YEAR))
  return kept
}

/** An attendance mark changed (buildCounty marked them all): the report's figures change with it. */
const setStatus = (db: Db, sessionId: string, officialId: string, status: string) =>
  db.execute({
    sql: 'UPDATE attendance SET status = ? WHERE session_id = ? AND official_id = ?',
    args: [status, sessionId, officialId],
  })

describe('an embedded replica (XUEFA_DB_SYNC_URL)', () => {
  it('writes go to the primary and are read at once by the writer, by another replica after its sync; reads make no round trip', async () => {
    let requests = 0
    const a = await replica({ onRequest: () => requests++ })
    const b = await replica()
    try {
      expect(a.isLocal).toBe(false)
      // the migrations run on the primary, through A; B has the schema after a sync
      const applied = await runMigrations(a, new ManualClock(NOW))
      expect(applied.length).toBeGreaterThan(0)
      expect(await appliedMigrations(a)).toEqual(applied)
      await b.sync?.()
      expect(await appliedMigrations(b)).toEqual(applied)

      await buildCounty(a)
      const before = requests
      const a1 = await report(a)
      expect(await annualReport(a, YEAR)).toBe(a1) // kept
      expect(requests - before).toBe(0) // the report is read from A's file: no round trip to the primary
      await b.sync?.()
      const b1 = await report(b)
      expect(b1).toEqual(a1)
      expect(await annualReport(b, YEAR)).toBe(b1)

      // a write by A: in A's report at once
      const [va, vb] = [a.dataVersion(), b.dataVersion()]
      expect(va).not.toBeNull()
      await setStatus(a, 'S1', 'C1', 'present') // was absent
      expect(a.dataVersion()).not.toBe(va)
      const a2 = await report(a)
      expect(a2).not.toBe(a1)
      expect(JSON.stringify(a2)).not.toBe(JSON.stringify(a1))
      // not in B's until B syncs: B's kept report is still what B's file says
      expect(b.dataVersion()).toBe(vb)
      expect(await report(b)).toBe(b1)
      await b.sync?.()
      expect(b.dataVersion()).not.toBe(vb)
      const b2 = await report(b)
      expect(b2).not.toBe(b1)
      expect(b2).toEqual(a2)
      // the same statement with other arguments gives its own rows (a cached statement of a replica did not)
      for (const code of ['PL', 'SFJ', 'ZF', 'XX'])
        expect((await b.execute({ sql: 'SELECT code FROM units WHERE code = ?', args: [code] })).rows[0]?.code).toBe(code)
      // a sync that brings nothing keeps what is kept
      await b.sync?.()
      expect(await annualReport(b, YEAR)).toBe(b2)

      // a read is answered from the file while a write holds its transaction on the primary (the replica's own client,
      // one connection, would refuse it: TRANSACTION_ACTIVE)
      let release = () => {}
      const held = new Promise<void>((r) => (release = r))
      const writing = a.write(async (tx) => {
        await tx.execute("UPDATE units SET updated_at = '2025-01-10T00:00:00.000Z' WHERE code = 'PL'")
        await held
      })
      expect((await a.execute("SELECT name FROM units WHERE code = 'PL'")).rows[0]?.name).toBe('平罗县人民政府')
      release()
      await writing
      expect((await a.execute("SELECT updated_at FROM units WHERE code = 'PL'")).rows[0]?.updated_at).toBe('2025-01-10T00:00:00.000Z')
    } finally {
      a.close()
      b.close()
    }
  })

  it('takes another process\u2019s write on the primary at its next sync (idle, or after a write of its own), and drops the report it kept', async () => {
    const primary = await openDb(server.url, { authToken: server.token() })
    const r = await replica()
    try {
      await runMigrations(primary, new ManualClock(NOW))
      // the county the first test wrote, through its replica, is in this new replica's file
      expect((await r.execute("SELECT count(*) AS n FROM units WHERE code = 'SFJ'")).rows[0]?.n).toBe(1)
      const kept = await report(r)
      await setStatus(primary, 'S3', 'B2', 'present') // was absent
      const statusOnReplica = async () =>
        (await r.execute("SELECT status FROM attendance WHERE session_id = 'S3' AND official_id = 'B2'")).rows[0]?.status
      // a write of the replica's that changes nothing (an idle sweep) costs no sync: the other's write is not here yet
      await setStatus(r, 'S3', 'NOBODY', 'present')
      await r.write(async (tx) => tx.execute("UPDATE attendance SET status = 'late' WHERE session_id = 'NONE'"))
      expect(await statusOnReplica()).toBe('absent')
      expect(await annualReport(r, YEAR)).toBe(kept)
      // a write that changes a row syncs, and brings the other's write with it
      await setStatus(r, 'S3', 'C1', 'late') // was excused
      expect(await statusOnReplica()).toBe('present')
      const after = await report(r)
      expect(after).not.toBe(kept)
      expect(JSON.stringify(after)).not.toBe(JSON.stringify(kept))

      // an idle replica syncs by itself
      const idle = await replica({ syncIntervalMs: 50 })
      try {
        const seen = async () =>
          (await idle.execute("SELECT status FROM attendance WHERE session_id = 'S3' AND official_id = 'C1'")).rows[0]?.status
        expect(await seen()).toBe('late')
        await setStatus(primary, 'S3', 'C1', 'excused')
        await vi.waitFor(async () => expect(await seen()).toBe('excused'), { timeout: 5000, interval: 20 })
        // the same report from the primary itself (the previous year's figures once came out as this year's: a
        // statement of a replica run again gave its first rows, statement-cache.ts)
        expect(await report(idle)).toEqual(await buildAnnualReport(primary, YEAR))
      } finally {
        idle.close()
      }
    } finally {
      r.close()
      primary.close()
    }
  })

  it('runs `xuefa migrate` and the server on a replica: the migrations and the API\u2019s writes land on the primary', async () => {
    const url = `file:${join(dir, 'served.db')}`
    const env = { XUEFA_DB_URL: url, XUEFA_DB_SYNC_URL: server.url, XUEFA_DB_AUTH_TOKEN: server.token(), XUEFA_BOT: 'off' }
    const migrated = await runXuefaHere(['migrate'], env)
    expect(migrated.stderr).toBe('')
    expect(migrated.code).toBe(0)

    const app = await createXuefa({ env, logger: silentLogger, clock: new ManualClock(NOW), loops: false })
    const primary = await openDb(server.url, { authToken: server.token() })
    try {
      await app.start()
      const { token } = await createApiToken({ db: app.db, clock: app.clock }, { role: 'admin', unitCode: null }, { actor: 'test' })
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const created = await app.fetch(
        new Request('http://x/api/v1/sessions', {
          method: 'POST',
          headers,
          body: JSON.stringify({ kind: 'lecture', title: '民法典专题讲座', startsAt: '2024-05-02 09:00', unitCode: 'SFJ', hours: 2 }),
        }),
      )
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as { id: string }
      // the writer reads it back at once, from its file
      const read = await app.fetch(new Request(`http://x/api/v1/sessions/${id}`, { headers }))
      expect(read.status).toBe(200)
      expect(await read.json()).toMatchObject({ id, title: '民法典专题讲座' })
      // and it is on the primary
      expect((await primary.execute({ sql: 'SELECT title FROM sessions WHERE id = ?', args: [id] })).rows[0]?.title).toBe('民法典专题讲座')
    } finally {
      await app.stop()
      primary.close()
    }
  })

  it('keeps answering reads from its file while the primary is out of reach, and refuses writes', async () => {
    const other = await startSqld()
    // (no idle syncs: the replica's sync retries a primary that refuses connections for seconds before it fails)
    const r = await openDb(`file:${join(dir, 'offline.db')}`, { syncUrl: other.url, syncIntervalMs: 3_600_000 })
    try {
      await r.batch(['CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)', "INSERT INTO notes (text) VALUES ('学法')"])
      expect((await r.execute('SELECT text FROM notes')).rows[0]?.text).toBe('学法')
      await other.stop()
      expect((await r.execute('SELECT text FROM notes')).rows[0]?.text).toBe('学法')
      await expect(r.execute("INSERT INTO notes (text) VALUES ('守法')")).rejects.toThrow()
      expect((await r.execute('SELECT count(*) AS n FROM notes')).rows[0]?.n).toBe(1)
    } finally {
      r.close()
    }
  })

  it('refuses `xuefa migrate` on a replica in one line naming its primary: without the token, or the primary out of reach', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ XUEFA_DB_SYNC_URL: server.url }, new RegExp(`数据库服务器 ${server.url} 要求令牌（HTTP 401）：请设置 XUEFA_DB_AUTH_TOKEN`)],
      [{ XUEFA_DB_SYNC_URL: 'http://127.0.0.1:1' }, /无法连接数据库 http:\/\/127\.0\.0\.1:1（.*）。请检查 XUEFA_DB_SYNC_URL 是否正确/],
    ]
    for (const [env, message] of cases) {
      const r = await runXuefaHere(['migrate'], { XUEFA_DB_URL: `file:${join(dir, 'refused.db')}`, ...env })
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(r.stderr).not.toMatch(/LibsqlError|\bat\s|backtrace/)
    }
  })
})
