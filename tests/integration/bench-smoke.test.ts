import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { formatTable } from '../../scripts/bench/run.js'
import type { BenchFigure } from '../../scripts/bench/types.js'
import { ROOT } from '../helpers/cli.js'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

// Not a benchmark: `npm run bench -- --quick`, the same code on tiny data, so that the benchmarks cannot rot. No time
// is asserted. Its own process, as `npm run bench` runs: autocannon needs a main thread of its own.
describe('npm run bench, on tiny data', () => {
  it('produces every figure with its baseline and ratio', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-smoke-'))
    dirs.push(dir)
    const out = join(dir, 'figures.json')
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bench/run.ts', '--quick', '--out', out], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    })
    const figures = JSON.parse(readFileSync(out, 'utf8')) as BenchFigure[]
    const names = figures.map((f) => f.name)
    for (const name of [
      'api.read.throughput',
      'api.read.p99',
      'api.read.vs_raw_node',
      'api.read.p99.10conn',
      'api.webhook.throughput',
      'api.webhook.p99',
      'quiz.answers_graded',
      'delivery.plan10k',
      'channel.messages_per_official',
      'channel.fanout_minutes',
      'channel.reply_wait_p95',
      'channel.sends_refused_by_cap',
      'channel.messages_per_official.4_accounts',
      'channel.fanout_minutes.4_accounts',
      'channel.reply_wait_p95.4_accounts',
      'channel.sends_refused_by_cap.4_accounts',
      'exam.messages_per_candidate',
      'exam.messages_per_candidate.annual',
      'import.officials',
      'import.attendance',
      'import.event_loop_delay_p99',
      'report.annual',
      'report.annual.time',
      'report.docx.event_loop_delay_p99',
      'startup.cliHelp',
      'startup.migrations',
      'startup.healthz',
      'memory.maxRss',
      'ui.report',
      'ui.report.afterChange',
      'remote.round_trip',
      'remote.read',
      'remote.read.trips',
      'remote.report',
      'remote.report.trips',
    ]) {
      expect(names).toContain(name)
    }
    for (const f of figures) {
      expect(Number.isFinite(f.value), f.name).toBe(true)
      if (f.baseline !== null) expect(f.ratio, f.name).not.toBeNull()
      expect(f.goal.length, f.name).toBeGreaterThan(0)
    }
    expect(formatTable(figures).split('\n')).toHaveLength(figures.length + 1)
  }, 240_000)
})
