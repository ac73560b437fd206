/** One place that turns a report or a ledger into bytes of a format, for the CLI and the HTTP routes alike. */
import { FILE_NAMES } from './copy.zh.js'
import { renderLedgerCsv, type Ledger } from './ledger.js'
import { renderInWorker } from './render-pool.js'
import { collectScoreSheet } from '../exams/score-sheet.js'
import type { Db } from '../storage/db.js'
import type { AnnualReport } from './report.types.js'
import type { LedgerFormat, ReportFormat } from './formats.js'

export interface RenderedFile {
  body: string | Buffer
  contentType: string
  fileName: string
  /** for clients that ignore filename* */
  asciiName: string
}

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const

export async function renderReport(r: AnnualReport, format: ReportFormat): Promise<RenderedFile> {
  const fileName = FILE_NAMES.report(r.year, r.unit.name, format)
  // the Markdown (with its charts) and the Word document are built in the render worker, off the main thread
  const body = format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : await renderInWorker({ kind: format, report: r })
  return { body, contentType: CONTENT_TYPES[format], fileName, asciiName: asciiName('report', r.year, r.unit.code, format) }
}

export async function renderLedger(ledger: Ledger, format: LedgerFormat): Promise<RenderedFile> {
  const fileName = FILE_NAMES.ledger(ledger.year, ledger.unit.name, format)
  const body = format === 'xlsx' ? await renderInWorker({ kind: 'xlsx', ledger }) : renderLedgerCsv(ledger)
  return { body, contentType: CONTENT_TYPES[format], fileName, asciiName: asciiName('ledger', ledger.year, ledger.unit.code, format) }
}

function asciiName(what: string, year: number, unitCode: string | null, ext: string): string {
  const unit = unitCode ? `-${unitCode.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''
  return `xuefa-${what}-${year}${unit}.${ext}`
}

/** A 任前 exam's score sheet (成绩单) as DOCX: read here, Word's writer in the render worker, off the serving thread (#18.4). */
export async function renderScoreSheet(deps: { db: Db; tz: string }, examId: number): Promise<Buffer> {
  return renderInWorker({ kind: 'scoreSheet', sheet: await collectScoreSheet(deps, examId) })
}

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name, so browsers save the Chinese file name. */
export function contentDisposition(fileName: string, asciiName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeRfc5987(fileName)}`
}

function encodeRfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}
