import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { systemClock } from '../../src/clock.js'
import { openDb } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import type { BenchFigure } from './types.js'
import { median } from './timing.js'

const BIN = fileURLToPath(new URL('../../bin/xuefa.js', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Milliseconds from spawning `node ARGS` to its exit. */
function timeNode(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', () => resolve(performance.now() - t0))
  })
}

/** The migrations on a fresh database file: what a first start spends that a later one does not. */
async function timeMigrations(runs: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-migrate-'))
    const db = await openDb(`file:${join(dir, 'x.db')}`)
    try {
      const t0 = performance.now()
      await runMigrations(db, systemClock)
      times.push(performance.now() - t0)
    } finally {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return median(times)
}

async function waitHealthy(port: number, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`)
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error('xuefa did not become healthy in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

function maxRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /VmHWM:\s+(\d+) kB/.exec(status)
  return m ? Number(m[1]) / 1024 : NaN
}

/**
 * Against `node -e ''` (measured in between, so that both see the same machine): `xuefa --help`, and start-up to
 * the first 200 on /healthz of `xuefa serve` on a database of the given size, whose goal allows the migrations'
 * time on a fresh database on top; and the largest resident set while it serves `load` (the requests the caller
 * drives). The bin runs the compiled dist/ (`npm run bench` compiles first).
 */
export async function benchStartup(opts: {
  dbUrl: string
  port: number
  runs?: number
  load?: (baseUrl: string) => Promise<void>
}): Promise<BenchFigure[]> {
  const runs = opts.runs ?? 3
  const baselines: number[] = []
  const helps: number[] = []
  for (let i = 0; i < runs * 3; i++) {
    baselines.push(await timeNode(['-e', '']))
    helps.push(await timeNode([BIN, '--help']))
  }
  const migrations = await timeMigrations(runs * 3)
  const startups: number[] = []
  let rss = NaN
  for (let i = 0; i < runs; i++) {
    baselines.push(await timeNode(['-e', '']))
    const t0 = performance.now()
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        XUEFA_DB_URL: opts.dbUrl,
        PORT: String(opts.port),
        XUEFA_BOT: 'off',
        XUEFA_LOG_LEVEL: 'warn',
        XUEFA_BANK: 'off',
      },
      stdio: 'ignore',
    })
    try {
      await waitHealthy(opts.port, t0 + 60_000)
      startups.push(performance.now() - t0)
      if (i === runs - 1 && opts.load) {
        await opts.load(`http://127.0.0.1:${opts.port}`)
        rss = maxRssMb(child.pid!)
      }
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
  }
  const startup = median(startups)
  const baseline = median(baselines)
  const help = median(helps)
  const figures: BenchFigure[] = [
    {
      name: 'startup.cliHelp',
      value: round(help),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(help / baseline, 2),
      goal: '<= 3 and <= 400 ms',
      met: help <= 3 * baseline && help <= 400,
    },
    { name: 'startup.migrations', value: round(migrations), unit: 'ms', baseline: null, ratio: null, goal: 'report', met: null },
    {
      name: 'startup.healthz',
      value: round(startup),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(startup / baseline, 2),
      goal: '<= 3 + migrations',
      met: startup <= 3 * baseline + migrations,
    },
  ]
  if (opts.load)
    figures.push({
      name: 'memory.maxRss',
      value: round(rss, 1),
      unit: 'MB',
      baseline: null,
      ratio: null,
      goal: '<= 250 MB',
      met: rss <= 250,
    })
  return figures
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
