/**
 * How much one import file may hold, per kind: data rows, columns and characters in a cell, and bytes in all. A file
 * over a limit is refused at the first row that crosses it — read no further — with the limit named (copy.zh.ts
 * `LIMITS`). The figures are well above what one file of a county holds (a roster of some thousands, a session's
 * attendance of some hundreds), and keep what the largest accepted file costs the process under ~100 MB (README:
 * 100,000 officials +94 MB, 100,000 attendance marks +79 MB), so a serving process stays within 300 MB.
 */
import type { ImportKind } from './import.types.js'

export interface ImportLimits {
  /** data rows, the header not counted */
  rows: number
  /** cells in a row, the header's included */
  columns: number
  /** characters in one cell */
  cellChars: number
  /** bytes of the whole file (the API's body limit may be smaller) */
  bytes: number
}

const MB = 1024 * 1024
const common = { columns: 200, cellChars: 2_000, bytes: 64 * MB }

export const IMPORT_LIMITS: Readonly<Record<ImportKind, ImportLimits>> = {
  units: { ...common, rows: 10_000 },
  officials: { ...common, rows: 100_000 },
  sessions: { ...common, rows: 20_000 },
  attendance: { ...common, rows: 100_000 },
  questions: { ...common, rows: 20_000, cellChars: 5_000 },
  'exam-results': { ...common, rows: 100_000 },
  handles: { ...common, rows: 100_000 },
  'study-list': { ...common, rows: 20_000 },
}

/** The most problems an import answers with (API, dashboard, CLI); the rest are counted. */
export const PROBLEMS_SHOWN = 100
