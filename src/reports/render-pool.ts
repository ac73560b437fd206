/**
 * Rendering off the main thread: the Word document (docx, ECharts, resvg), the Markdown with its charts, the 台账's
 * workbook (ExcelJS) and the dashboard's charts (the report's, 题目分析's) are built in one worker thread, started on first use and reused, so
 * that a build (up to a few seconds on a large year) never stalls /healthz, the API or the chat. What crosses is plain
 * data (the report or the ledger, structured-cloned) and the bytes that come back.
 *
 * The worker runs the compiled dist/src/reports/render.worker.js in every mode: production runs dist/, and the
 * tests (TypeScript from src/) compile dist/ first (tests/setup/compiled.ts), as `npm run bench` does.
 */
import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { packagePath } from '../package-root.js'
import type { ScoreSheet } from '../exams/score-sheet-docx.js'
import type { Ledger } from './ledger.js'
import type { LawStat } from './question-stats.rules.js'
import type { AnnualReport } from './report.types.js'

export type RenderTask =
  | { kind: 'docx'; report: AnnualReport }
  | { kind: 'md'; report: AnnualReport }
  | { kind: 'charts'; report: AnnualReport }
  | { kind: 'lawChart'; laws: LawStat[] }
  | { kind: 'xlsx'; ledger: Ledger }
  | { kind: 'scoreSheet'; sheet: ScoreSheet }

interface Results {
  docx: Buffer
  md: string
  charts: string[]
  lawChart: string
  xlsx: Buffer
  scoreSheet: Buffer
}

export interface RenderRequest {
  id: number
  task: RenderTask
}

export type RenderReply =
  | { id: number; ok: true; value: Uint8Array | string | string[] }
  | { id: number; ok: false; message: string; stack?: string }

const WORKER_FILE = packagePath('dist', 'src', 'reports', 'render.worker.js')

interface Pending {
  resolve: (v: Uint8Array | string | string[]) => void
  reject: (e: Error) => void
}

let worker: Worker | undefined
let nextId = 1
const pending = new Map<number, Pending>()

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err)
  pending.clear()
}

function startWorker(): Worker {
  if (!existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: run \`npm run compile\``)
  const w = new Worker(WORKER_FILE, { name: 'xuefa-render' })
  w.on('message', (reply: RenderReply) => {
    const p = pending.get(reply.id)
    pending.delete(reply.id)
    // an idle worker does not keep the process alive (a CLI run exits when its work is done)
    if (pending.size === 0) w.unref()
    if (!p) return
    if (reply.ok) p.resolve(reply.value)
    else p.reject(Object.assign(new Error(reply.message), { stack: reply.stack ?? reply.message }))
  })
  w.on('error', (err) => {
    if (worker === w) worker = undefined
    failAll(err)
  })
  w.on('exit', (code) => {
    if (worker === w) worker = undefined
    failAll(new Error(`the render worker exited (code ${code})`))
  })
  return w
}

/** Runs one rendering in the worker thread (started on first use; one at a time is queued there, in order). */
export async function renderInWorker<K extends RenderTask['kind']>(task: Extract<RenderTask, { kind: K }>): Promise<Results[K]> {
  worker ??= startWorker()
  const w = worker
  const id = nextId++
  const value = await new Promise<Uint8Array | string | string[]>((resolve, reject) => {
    pending.set(id, { resolve, reject })
    w.ref()
    w.postMessage({ id, task } satisfies RenderRequest)
  })
  return (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value) as Results[K]
}
