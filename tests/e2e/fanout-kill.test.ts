import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ManualClock } from '../../src/clock.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { countDeliveries } from '../../src/delivery/deliveries.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const N = 500
const src = (p: string) => JSON.stringify(pathToFileURL(resolve(p)).href)

/** The child: runs due jobs (the fan-out), then sends through a fake Wechaty channel that appends to a file. */
const worker = `import { appendFileSync } from 'node:fs'
import { openDb } from ${src('src/storage/db.ts')}
import { systemClock } from ${src('src/clock.ts')}
import { silentLogger } from ${src('src/log.ts')}
import { runDueJobs } from ${src('src/scheduler/runner.ts')}
import { createJobHandlers } from ${src('src/scheduler/handlers.ts')}
import { createPacerRegistry } from ${src('src/delivery/pacing.ts')}
import { drainAccount, recoverAbandonedSends } from ${src('src/delivery/sender.ts')}
const [url, out] = process.argv.slice(2)
const db = await openDb(url)
const deps = { db, clock: systemClock, tz: 'Asia/Shanghai', logger: silentLogger }
const ambiguous = await recoverAbandonedSends({ ...deps, staleSendingMs: 0 })
await runDueJobs({ ...deps, owner: 'w-' + process.pid, handlers: createJobHandlers() })
// the send "returns" a few ms after the message is out, like a real network call: a kill then usually lands in flight
const channel = { name: 'file', async send(to) { appendFileSync(out, to.officialId + '\\n'); await new Promise((r) => setTimeout(r, 3)) } }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const pacers = createPacerRegistry({ clock: systemClock, tz: 'Asia/Shanghai', sleep, overrides: { wechaty: { minIntervalMs: 4, jitterMs: 2, dailyCap: 100000 } } })
// the same instance restarted: a stable sender id takes the account back at once
const stats = await drainAccount({ ...deps, owner: 'instance-1', sleep, pacers, channels: { wechaty: channel } }, 'wechaty', 'default')
process.stdout.write(JSON.stringify({ ambiguous, ...stats }))
db.close()
`

function start(
  script: string,
  url: string,
  out: string,
): { child: ChildProcess; result: Promise<{ code: number | null; stdout: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, out], { stdio: ['ignore', 'pipe', 'inherit'] })
  let stdout = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  const result = new Promise<{ code: number | null; stdout: string }>((r) => child.on('exit', (code) => r({ code, stdout })))
  return { child, result }
}

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : []

describe('kill -9 in the middle of a fan-out', () => {
  let t: TestDb
  beforeEach(async () => {
    t = await createTestDb()
  })
  afterEach(() => t.cleanup())

  it('restarted, every one of 500 recipients gets the message once and nobody twice (only the one in flight can be in doubt)', async () => {
    const now = new Date()
    const iso = now.toISOString()
    await t.db.execute(`INSERT INTO units (code, name, path, created_at, updated_at) VALUES ('PL', '平罗县', '/PL/', '${iso}', '${iso}')`)
    const ids = Array.from({ length: N }, (_, i) => `P${String(i).padStart(4, '0')}`)
    await t.db.batch([
      {
        sql: `INSERT INTO officials (id, name, unit_code, created_at, updated_at) SELECT value, '干部' || value, 'PL', ?, ? FROM json_each(?)`,
        args: [iso, iso, JSON.stringify(ids)],
      },
      {
        sql: `INSERT INTO chat_bindings (official_id, contact_id, alias_key, bound_at) SELECT value, 'wx-' || value, 'k-' || value, ? FROM json_each(?)`,
        args: [iso, JSON.stringify(ids)],
      },
    ])
    // a session two hours ahead: its materials are due at once
    await createSession(
      { db: t.db, clock: new ManualClock(now), tz: 'Asia/Shanghai' },
      { kind: 'lecture', title: '宪法学习', startsAt: new Date(now.getTime() + 2 * 3_600_000), unitCode: 'PL' },
      { actor: 'cli' },
    )
    const script = join(t.dir, 'fanout-worker.mts')
    writeFileSync(script, worker)
    const out = join(t.dir, 'sent.txt')

    const first = start(script, t.url, out)
    const deadline = Date.now() + 20_000
    while (lines(out).length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    first.child.kill('SIGKILL')
    const killed = await first.result
    expect(killed.code).toBeNull() // it died, it did not finish
    const beforeRestart = lines(out).length
    expect(beforeRestart).toBeGreaterThanOrEqual(150)
    expect(beforeRestart).toBeLessThan(N)

    const second = await start(script, t.url, out).result
    expect(second.code).toBe(0)
    const report = JSON.parse(second.stdout) as { ambiguous: number; sent: number }
    const got = lines(out)
    const counts = new Map<string, number>()
    for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1)
    const twice = [...counts].filter(([, n]) => n > 1)
    const missing = ids.filter((id) => !counts.has(id))
    const db = await countDeliveries(t.db)
    console.info(
      `kill -9 after ${beforeRestart} sends: in flight at the kill (ambiguous) = ${report.ambiguous}, missing = ${missing.length}, twice = ${twice.length}`,
    )
    expect(twice).toEqual([])
    expect(report.ambiguous).toBeLessThanOrEqual(1)
    // the one in flight was either written before the kill (sent, not recorded) or not: never resent
    expect(missing.length).toBeLessThanOrEqual(report.ambiguous)
    expect(db).toMatchObject({ sent: N - report.ambiguous, failed: report.ambiguous, ambiguous: report.ambiguous, pending: 0, sending: 0 })
    expect(got.length + missing.length).toBe(N)
  }, 60_000)
})
