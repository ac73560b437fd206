/**
 * `report.docx.event_loop_delay_p99` (issue 18 item 4): how long the serving process's event loop is held while it
 * answers DOCX downloads of the annual report — the first (the render worker starting, Word's writer, ECharts and
 * resvg loading) and warm ones — measured in the process that serves them (`monitorEventLoopDelay`), against the goal.
 * The report itself is asked for once before (as JSON, as the dashboard's preview does): its queries are
 * `report.annual`'s figure, not the rendering's.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createXuefa } from '../../src/main.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { systemClock } from '../../src/clock.js'
import type { BenchFigure } from './types.js'

const GOAL_MS = 50

export async function benchReportDocx(opts: { dbUrl: string; unitCode: string; runs: number }): Promise<BenchFigure[]> {
  const xuefa = await createXuefa({
    dbUrl: opts.dbUrl,
    port: 0,
    host: '127.0.0.1',
    loops: false,
    env: { ...process.env, XUEFA_BOT: 'off', XUEFA_LOG_LEVEL: 'silent' },
  })
  await xuefa.start()
  try {
    const { token } = await createApiToken({ db: xuefa.db, clock: systemClock }, { role: 'admin' }, { actor: 'bench' })
    const get = async (format: string) => {
      const url = `http://127.0.0.1:${xuefa.port}/api/v1/reports/annual?year=2024&unit=${encodeURIComponent(opts.unitCode)}&format=${format}`
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      if (res.status !== 200) throw new Error(`${format}: ${res.status} ${await res.text()}`)
      return res.arrayBuffer()
    }
    await get('json')
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    for (let i = 0; i < opts.runs; i++) await get('docx')
    delay.disable()
    const p99 = Math.round((delay.percentile(99) / 1e6) * 10) / 10
    return [
      {
        name: 'report.docx.event_loop_delay_p99',
        value: p99,
        unit: 'ms',
        baseline: GOAL_MS,
        ratio: Math.round((p99 / GOAL_MS) * 100) / 100,
        goal: `<= ${GOAL_MS}`,
        met: p99 <= GOAL_MS,
      },
    ]
  } finally {
    await xuefa.stop()
  }
}
