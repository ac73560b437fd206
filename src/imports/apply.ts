/** What the planners share: spotting keys repeated in the file, and comparing a file's row with the stored one. */
import type { InValue, Transaction } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { ROWS_PER_STATEMENT, upsertWrites, type UpsertSpec, type Write } from './bulk.repo.js'
import type { ImportProblem, Leaver, UnitToConfirm } from './import.types.js'

export interface Item<T> {
  line: number
  record: T
}

export interface Counts {
  inserted: number
  updated: number
  unchanged: number
  left?: number
  /** study-list: laws taken off the lists the file replaces */
  removed?: number
}

export interface Plan {
  problems: ImportProblem[]
  counts: Counts
  writes: Write[]
  /** officials the import marks as left (officials only) */
  leavers?: Leaver[]
  /** units whose file marks more than half of their people as left: refused (`problems`) unless confirmed */
  confirm?: { units: UnitToConfirm[]; problems: ImportProblem[] }
  /** rows taken that will not count as one might think (marks before the person joined), shown with the result */
  warnings?: ImportProblem[]
  /** extra figures for the audit log */
  detail?: Record<string, number>
  /** writes that go through another capability's use-case (sessions), after `writes`, in the same transaction */
  apply?: (tx: Transaction) => Promise<void>
}

export interface PlanContext {
  /** ISO UTC of the import */
  now: string
  /** XUEFA_TZ */
  tz: string
  actor: string
  /** how the file spells a column key */
  header(key: string): string
  /**
   * Lets the event loop run if it has not for a few milliseconds (import.service.ts): a planner's loop over a big
   * file's rows awaits it every so many rows, so that the serving thread answers meanwhile.
   */
  pause(): Promise<void>
}

/** How often (in rows) a planner's loop awaits `PlanContext.pause`, which itself lets the event loop run only now and then. */
export const PAUSE_EVERY_ROWS = 250

/** upsertWrites over many rows, a statement's rows at a time with `ctx.pause` between (its arguments are copied) */
export async function pacedUpsertWrites(spec: UpsertSpec, rows: InValue[][], ctx: Pick<PlanContext, 'pause'>): Promise<Write[]> {
  const writes: Write[] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    writes.push(...upsertWrites(spec, rows.slice(i, i + ROWS_PER_STATEMENT)))
    await ctx.pause()
  }
  return writes
}

export type Planner<T> = (ex: Executor, items: Item<T>[], ctx: PlanContext) => Promise<Plan>

export function emptyCounts(): Counts {
  return { inserted: 0, updated: 0, unchanged: 0 }
}

/** Reports every row whose key an earlier row of the file already had. */
export function findDuplicates<T>(
  items: Item<T>[],
  keyOf: (r: T) => string,
  report: (item: Item<T>, firstLine: number) => ImportProblem,
): { unique: Map<string, Item<T>>; problems: ImportProblem[] } {
  const unique = new Map<string, Item<T>>()
  const problems: ImportProblem[] = []
  for (const item of items) {
    const key = keyOf(item.record)
    const first = unique.get(key)
    if (first) problems.push(report(item, first.line))
    else unique.set(key, item)
  }
  return { unique, problems }
}

/** Values as stored: SQLite has no boolean or undefined. */
export function stored(v: unknown): InValue {
  if (v === undefined || v === null) return null
  if (typeof v === 'boolean') return v ? 1 : 0
  return v as InValue
}

export function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => stored(v) === stored(b[i]))
}

/** The file's value when its column is there, otherwise what the database has, otherwise a default. */
export function keep<T>(fromFile: T | undefined, existing: T | undefined, fallback: T): T {
  return fromFile !== undefined ? fromFile : existing !== undefined ? existing : fallback
}

export function text(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v)
}
