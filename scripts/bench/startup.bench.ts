import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { BenchFigure } from './types.js'
import { median } from './timing.js'

const BIN = fileURLToPath(new URL('../../bin/xuefa.js', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function timeNodeEmpty(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', () => resolve(performance.now() - t0))
  })
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
 * Start-up to the first 200 on /healthz of `xuefa serve` on a database of the given size, against
 * `node -e ''`; and the largest resident set while it serves `load` (the requests the caller drives).
 */
export async function benchStartup(opts: {
  dbUrl: string
  port: number
  runs?: number
  load?: (baseUrl: string) => Promise<void>
}): Promise<BenchFigure[]> {
  const runs = opts.runs ?? 3
  const baselines: number[] = []
  for (let i = 0; i < runs; i++) baselines.push(await timeNodeEmpty())
  const startups: number[] = []
  let rss = NaN
  for (let i = 0; i < runs; i++) {
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
  const figures: BenchFigure[] = [
    {
      name: 'startup.healthz',
      value: round(startup),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(startup / baseline, 2),
      goal: 'report',
      met: null,
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
