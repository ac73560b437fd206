/**
 * `npm run bench [-- --out FILE] [--quick]`: every figure beside its baseline measured in the same run,
 * as a ratio (CONTRACT §1). `--quick` runs the same code on tiny data: the smoke run `npm test` does,
 * so the benchmarks cannot rot; its figures mean nothing.
 */
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import type { BenchFigure } from './types.js'
import { benchApi } from './api.bench.js'
import { benchQuiz } from './quiz.bench.js'
import { benchDelivery } from './delivery.bench.js'
import { benchReach } from './reach.bench.js'
import { benchReport } from './report.bench.js'
import { benchReportDocx } from './report-docx.bench.js'
import { benchImport } from './import-timing.js'
import { benchImportServing } from './import-serving.bench.js'
import { benchUi } from './ui.bench.js'
import { benchStartup } from './startup.bench.js'
import { serveLoad } from './serve-load.js'
import { benchRecovery } from './recovery.bench.js'
import { benchRemote } from './remote.bench.js'

const FULL = {
  api: { seconds: 5 },
  quiz: { officials: 200, questions: 10 },
  delivery: { recipients: 10_000 },
  // issue 16: a county of 1,000 in 40 departments, a 5-question quiz each, 90% answering; a 40-question exam
  reach: { officials: 1000, departments: 40, quizQuestions: 5, examCandidates: 20, answering: 0.9 },
  report: { officials: 10_000, sessions: 600, rows: 1_000_000, runs: 5 },
  import: { officials: 10_000, sessions: 50, marksPerSession: 2_000 },
  importServing: { officials: 10_000, refusedRows: 1_000_000 },
  ui: { officials: 10_000, sessions: 600, rows: 200_000, runs: 5 },
  startupRuns: 3,
  docxRuns: 5,
  // issue 19: a county's year on sqld (filled through it) and on the file
  remote: { officials: 10_000, sessions: 600, rows: 200_000, runs: 200 },
}
const QUICK: typeof FULL = {
  api: { seconds: 1 },
  quiz: { officials: 10, questions: 3 },
  delivery: { recipients: 200 },
  reach: { officials: 24, departments: 2, quizQuestions: 5, examCandidates: 1, answering: 0.9 },
  report: { officials: 200, sessions: 20, rows: 5_000, runs: 1 },
  import: { officials: 300, sessions: 3, marksPerSession: 100 },
  importServing: { officials: 300, refusedRows: 300_000 },
  ui: { officials: 200, sessions: 20, rows: 2_000, runs: 1 },
  startupRuns: 1,
  docxRuns: 2,
  remote: { officials: 200, sessions: 20, rows: 5_000, runs: 5 },
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export async function runBenchmarks(o: { quick?: boolean; log?: (line: string) => void } = {}): Promise<BenchFigure[]> {
  const size = o.quick ? QUICK : FULL
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const figures: BenchFigure[] = []
  const step = async (name: string, fn: () => Promise<BenchFigure[]>) => {
    log(`bench: ${name} …`)
    const t0 = performance.now()
    figures.push(...(await fn()))
    log(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  await step('api', () => benchApi(size.api))
  await step('quiz answers', () => benchQuiz(size.quiz))
  await step('delivery planning', () => benchDelivery(size.delivery))
  await step('reach (virtual time)', () => benchReach(size.reach, log))
  await step('import', () => benchImport(size.import))
  await step('import while serving', () => benchImportServing(size.importServing))
  await step('report, start-up and memory', async () => {
    const startup: BenchFigure[] = []
    const report = await benchReport({
      ...size.report,
      withDataset: async (dbUrl, rootCode) => {
        const port = await freePort()
        startup.push(...(await benchStartup({ dbUrl, port, runs: size.startupRuns, load: (base) => serveLoad(dbUrl, base) })))
        startup.push(...(await benchReportDocx({ dbUrl, unitCode: rootCode, runs: size.docxRuns })))
      },
    })
    return [...report, ...startup]
  })
  await step('dashboard pages', () => benchUi(size.ui))
  await step('on a libSQL server (sqld)', () => benchRemote(size.remote))
  // not in the smoke run: tests/reliability/recovery.test.ts runs the same scenario (killAndRestart) and checks it
  if (!o.quick) await step('recovery after a kill', () => benchRecovery())
  return figures
}

export function formatTable(figures: BenchFigure[]): string {
  const rows = [['figure', 'value', 'baseline', 'ratio', 'goal', 'met']]
  for (const f of figures) {
    rows.push([
      f.name,
      `${f.value} ${f.unit}`,
      f.baseline === null ? '—' : `${f.baseline}`,
      f.ratio === null ? '—' : `${f.ratio}`,
      f.goal,
      f.met === null ? '—' : f.met ? 'yes' : 'NO',
    ])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)))
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, quick: { type: 'boolean', default: false } } })
  const started = performance.now()
  const figures = await runBenchmarks({ quick: values.quick })
  process.stdout.write(
    `\n${formatTable(figures)}\n\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  )
  if (values.out) writeFileSync(values.out, `${JSON.stringify(figures, null, 2)}\n`)
  process.exit(0)
}
