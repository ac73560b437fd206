import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ManualClock } from '../../src/clock.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { countDeliveries } from '../../src/delivery/deliveries.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { compileScript } from '../helpers/compile-script.js'
import { createSignal } from '../helpers/signal.js'

const N = 500
const KILL_AFTER = 150

/**
 * The child: runs due jobs (the fan-out), then sends through a fake Wechaty channel that appends to a file and says
 * "sent" on stderr. Given a number, it stops inside that send, after the message is out and before the send
 * returns, where the test kills it: the one send in flight.
 */
const worker = `import { appendFileSync } from 'node:fs'
import { openDb } from './src/storage/db.js'
import { systemClock } from './src/clock.js'
import { silentLogger } from './src/log.js'
import { runDueJobs } from './src/scheduler/runner.js'
import { createJobHandlers } from './src/scheduler/handlers.js'
import { createPacerRegistry } from './src/delivery/pacing.js'
import { drainAccount, recoverAbandonedSends } from './src/delivery/sender.js'
const [url, out, holdAt] = process.argv.slice(2)
const db = await openDb(url, { namespace: process.env.XUEFA_DB_NAMESPACE })
const deps = { db, clock: systemClock, tz: 'Asia/Shanghai', logger: silentLogger }
const ambiguous = await recoverAbandonedSends({ ...deps, staleSendingMs: 0 })
await runDueJobs({ ...deps, owner: 'w-' + process.pid, handlers: createJobHandlers() })
let sends = 0
// the send "returns" a few ms after the message is out, like a real network call
const channel = { name: 'file', async send(to: { officialId: string }) {
  appendFileSync(out, to.officialId + '\\n')
  process.stderr.write('sent\\n')
  // held for good: the timer keeps the process alive (a bare pending promise would let node exit with code 13)
  if (++sends === Number(holdAt)) await new Promise(() => setInterval(() => {}, 60_000))
  await new Promise((r) => setTimeout(r, 3))
} }
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const pacers = createPacerRegistry({ clock: systemClock, tz: 'Asia/Shanghai', sleep, overrides: { wechaty: { minIntervalMs: 4, jitterMs: 2, dailyCap: 100000 } } })
// the same instance restarted: a stable sender id takes the account back at once
const stats = await drainAccount({ ...deps, owner: 'instance-1', sleep, pacers, channels: { wechaty: channel } }, 'wechaty', 'default')
process.stdout.write(JSON.stringify({ ambiguous, ...stats }))
db.close()
`

function start(
  script: string,
  db: TestDb['env'],
  out: string,
  holdAt?: number,
): { child: ChildProcess; sent: (n: number) => Promise<void>; result: Promise<{ code: number | null; stdout: string }> } {
  const child = spawn(process.execPath, [script, db.XUEFA_DB_URL, out, ...(holdAt ? [String(holdAt)] : [])], {
    env: { ...process.env, ...db },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let exited = false
  const news = createSignal()
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString()
    news.notify()
  })
  // 'close', not 'exit': by then all of stdout has been read
  const result = new Promise<{ code: number | null; stdout: string }>((r) =>
    child.on('close', (code) => {
      exited = true
      news.notify()
      r({ code, stdout })
    }),
  )
  const sends = () => (stderr.match(/^sent$/gm) ?? []).length
  const sent = async (n: number) => {
    await news.until(() => {
      if (sends() >= n) return true
      if (exited) throw new Error(`the worker exited with ${child.exitCode} after ${sends()} sends:\n${stderr}`)
      return false
    })
  }
  return { child, sent, result }
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
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const c of cleanups.splice(0)) c()
    t.cleanup()
  })

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
    const script = await compileScript({ name: 'fanout-worker', source: worker })
    cleanups.push(() => script.remove())
    const out = join(t.dir, 'sent.txt')

    const first = start(script.file, t.env, out, KILL_AFTER)
    cleanups.push(() => first.child.kill('SIGKILL'))
    await first.sent(KILL_AFTER) // the worker now waits inside that send
    first.child.kill('SIGKILL')
    const killed = await first.result
    expect(killed.code).toBeNull() // it died, it did not finish
    const beforeRestart = lines(out).length
    expect(beforeRestart).toBe(KILL_AFTER)

    const restarted = start(script.file, t.env, out)
    cleanups.push(() => restarted.child.kill('SIGKILL'))
    const second = await restarted.result
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
    expect(report.ambiguous).toBe(1) // the kill landed inside a send
    // the one in flight was written before the kill (sent, not recorded): in doubt, never resent
    expect(missing).toEqual([])
    expect(db).toMatchObject({ sent: N - report.ambiguous, failed: report.ambiguous, ambiguous: report.ambiguous, pending: 0, sending: 0 })
    expect(got.length + missing.length).toBe(N)
  }, 60_000)
})
