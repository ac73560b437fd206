/**
 * recovery.seconds (issue 18): `xuefa serve` killed with SIGKILL while a group-robot message is in flight (the row
 * 'sending', the robot account's sender lease held), then started again: the seconds from spawning the new process to
 * the next message reaching the robot. Before leases named their process (src/owner.ts) the new process waited out the
 * 60 s sender lease and the 60 s of a row in flight; now it finds its predecessor dead and takes the work at once.
 * The ratio is to the goal (15 s). `tests/reliability/recovery.test.ts` runs the same scenario and checks its outcome.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { systemClock } from '../../src/clock.js'
import { openDb } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import type { BenchFigure } from './types.js'

const BIN = fileURLToPath(new URL('../../bin/xuefa.js', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const GOAL_S = 15

export interface Recovery {
  /** from spawning the restarted process to the next message reaching the robot */
  seconds: number
  /** the deliveries by state (and 'ambiguous': settled as may-or-may-not-have-arrived) after the clean stop */
  states: Record<string, number>
  /** messages the robot received in all */
  received: number
}

/** A WeCom robot that answers nothing until released; `received(n)` resolves at its n-th request. */
async function heldRobot() {
  const waiting: ServerResponse[] = []
  const wanted: { n: number; resolve: () => void }[] = []
  let count = 0
  let released = false
  const answer = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}')
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      count++
      for (const w of wanted.filter((x) => count >= x.n)) w.resolve()
      if (released) answer(res)
      else waiting.push(res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=held`,
    count: () => count,
    received: (n: number) => new Promise<void>((resolve) => (count >= n ? resolve() : wanted.push({ n, resolve }))),
    release() {
      released = true
      for (const res of waiting.splice(0)) answer(res)
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

function serve(env: Record<string, string>): { child: ChildProcess; exited: Promise<unknown>; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  return { child, exited: new Promise((r) => child.on('exit', r)), output: () => out }
}

/** Fails naming what it waited for, rather than hanging, when `p` takes longer than `ms`. */
function within<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what()} within ${ms / 1000} s`)), ms)
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

/** The scenario: a county of one unit with a WeCom robot and three sessions whose materials are due now. */
export async function killAndRestart(o: { timeoutMs?: number } = {}): Promise<Recovery> {
  const timeoutMs = o.timeoutMs ?? 25_000
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-recovery-'))
  const url = `file:${join(dir, 'x.db')}`
  const robot = await heldRobot()
  const children: ChildProcess[] = []
  try {
    const db = await openDb(url)
    await runMigrations(db, systemClock)
    const now = new Date().toISOString()
    await db.batch([
      {
        sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL', '平罗县人民政府', NULL, '/PL/', ?, ?)",
        args: [now, now],
      },
      {
        sql: "INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at) VALUES (1, 'PL', 'wecom', ?, NULL, ?)",
        args: [robot.url, now],
      },
    ])
    for (let i = 1; i <= 3; i++) {
      await db.execute({
        sql: "INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, 'PL', ?, ?)",
        args: [`A00${i}`, `干部A00${i}`, now, now],
      })
    }
    // as tests/reliability/helpers/serve-fixture.ts: S1 starts in ten minutes, the others in hours; their notices are due now
    for (let i = 1; i <= 3; i++) {
      const startsAt = new Date(Date.now() + (i === 1 ? 600_000 : (2 + i) * 3_600_000))
      await createSession(
        { db, clock: systemClock, tz: 'Asia/Shanghai' },
        { id: `S${i}`, kind: 'lecture', title: `讲座${i}`, startsAt, unitCode: 'PL' },
        { actor: 'bench' },
      )
    }
    db.close()
    const env = { XUEFA_DB_URL: url, PORT: '0', XUEFA_BOT: 'off', XUEFA_BANK: 'off', XUEFA_LOG_LEVEL: 'warn' }

    const first = serve(env)
    children.push(first.child)
    await within(robot.received(1), timeoutMs, () => `first message to the robot:\n${first.output()}`)
    first.child.kill('SIGKILL') // the message in flight: its row 'sending', the robot account's lease held
    await first.exited

    const t0 = performance.now()
    const second = serve(env)
    children.push(second.child)
    await within(robot.received(2), timeoutMs, () => `message after the restart:\n${second.output()}`)
    const seconds = (performance.now() - t0) / 1000
    robot.release()
    await within(robot.received(3), timeoutMs, () => `last message:\n${second.output()}`)
    second.child.kill('SIGTERM')
    await second.exited

    const after = await openDb(url)
    try {
      const rs = await after.execute(
        "SELECT CASE WHEN outcome = 'ambiguous' THEN 'ambiguous' ELSE state END AS s, count(*) AS n FROM deliveries GROUP BY 1",
      )
      return { seconds, states: Object.fromEntries(rs.rows.map((r) => [String(r.s), Number(r.n)])), received: robot.count() }
    } finally {
      after.close()
    }
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await robot.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchRecovery(): Promise<BenchFigure[]> {
  const r = await killAndRestart()
  const seconds = Math.round(r.seconds * 100) / 100
  return [
    {
      name: 'recovery.seconds',
      value: seconds,
      unit: 's',
      baseline: GOAL_S,
      ratio: Math.round((seconds / GOAL_S) * 100) / 100,
      goal: `<= ${GOAL_S} s`,
      met: seconds <= GOAL_S,
    },
  ]
}
