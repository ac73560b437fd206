/** The render worker's entry (see render-pool.ts): one message in, one reply out, in the order they came. */
import { parentPort } from 'node:worker_threads'
import { scoreSheetDocx } from '../exams/score-sheet-docx.js'
import { reportChartSvgs } from './charts.js'
import { renderLedgerXlsx } from './ledger-xlsx.js'
import { renderLawAccuracyChart } from './question-charts.js'
import { renderDocx } from './render-docx.js'
import { renderMarkdown } from './render-md.js'
import type { RenderReply, RenderRequest, RenderTask } from './render-pool.js'

async function run(task: RenderTask): Promise<Uint8Array | string | string[]> {
  switch (task.kind) {
    case 'docx':
      return renderDocx(task.report)
    case 'md':
      return renderMarkdown(task.report)
    case 'charts':
      return reportChartSvgs(task.report).map((c) => c.svg)
    case 'lawChart':
      return renderLawAccuracyChart(task.laws)
    case 'xlsx':
      return renderLedgerXlsx(task.ledger)
    case 'scoreSheet':
      return scoreSheetDocx(task.sheet)
  }
}

const port = parentPort
if (!port) throw new Error('render.worker.js runs as a worker thread (render-pool.ts starts it)')
let queue = Promise.resolve()
port.on('message', (req: RenderRequest) => {
  queue = queue.then(async () => {
    let reply: RenderReply
    try {
      reply = { id: req.id, ok: true, value: await run(req.task) }
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err))
      reply = { id: req.id, ok: false, message: e.message, stack: e.stack }
    }
    port.postMessage(reply)
  })
})
