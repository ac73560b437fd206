import { describe, expect, it } from 'vitest'
import { formatTable, runBenchmarks } from '../../scripts/bench/run.js'

// Not a benchmark: the same code on tiny data, so that `npm run bench` cannot rot. No time is asserted.
describe('npm run bench, on tiny data', () => {
  it('produces every figure with its baseline and ratio', async () => {
    const figures = await runBenchmarks({ quick: true, log: () => {} })
    const names = figures.map((f) => f.name)
    for (const name of [
      'api.read.throughput',
      'api.read.p99',
      'api.read.uncached.throughput',
      'api.read.uncached.p99',
      'api.webhook.throughput',
      'api.webhook.p99',
      'quiz.answers_graded',
      'delivery.plan10k',
      'import.officials',
      'import.attendance',
      'report.annual',
      'report.annual.time',
      'startup.cliHelp',
      'startup.migrations',
      'startup.healthz',
      'memory.maxRss',
      'ui.report',
      'ui.report.afterChange',
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
