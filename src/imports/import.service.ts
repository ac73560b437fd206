/**
 * All-or-nothing imports (CONTRACT §1–2): read the file, check every row and every cross-row rule, and
 * only when nothing is wrong write everything in one write transaction. The database-dependent checks run
 * inside that transaction, so what was checked is what gets written.
 */
import type { Transaction } from '@libsql/client'
import type { Clock } from '../clock.js'
import type { ImportKind, ImportProblem, ImportResult } from './import.types.js'
import type { Db, Executor } from '../storage/db.js'
import { auditStatement } from '../storage/audit.repo.js'
import { headerOf } from './headers.js'
import type { RecordOf } from './rows.js'
import type { Plan, PlanContext, Planner } from './apply.js'
import { PROBLEMS_SHOWN } from './limits.js'
import { readImportFile } from './off-thread.js'
import { ROWS_PER_STATEMENT, type Write } from './bulk.repo.js'
import { planUnits } from './plan-units.js'
import { planOfficials } from './plan-officials.js'
import { planSessions } from './plan-sessions.js'
import { planAttendance } from './plan-attendance.js'
import { planExamResults, planQuestions } from './plan-exams.js'
import { checkReferences } from './references.js'
import { planHandles } from './plan-handles.js'
import { planStudyList } from './plan-study-list.js'

export interface ImportOptions {
  tz: string
  clock: Clock
  actor: string
  /** where an import over HTTP came from (the Actor of the request), written on its audit row */
  ip?: string | null
  requestId?: string | null
  dryRun?: boolean
  onProgress?: (done: number, total: number) => void
  /** pass score of exam results whose file does not say passed (default 60) */
  passScore?: number
  /**
   * the importer confirms marking as left more than half of a unit's people (leavers.rules.ts); without it such a
   * file is refused, and a dry run says it will be
   */
  confirmLeavers?: boolean
  /** run in the import's own transaction after its writes, with its result (an API route stores its response there) */
  within?: (tx: Executor, result: ImportResult) => Promise<void>
}

const PLANNERS: { [K in ImportKind]: Planner<RecordOf[K]> } = {
  units: planUnits,
  officials: planOfficials,
  sessions: planSessions,
  attendance: planAttendance,
  questions: planQuestions,
  'exam-results': planExamResults,
  handles: planHandles,
  'study-list': planStudyList,
}

export async function runImport(
  db: Db,
  kind: ImportKind,
  input: { bytes: Uint8Array; filename?: string },
  opts: ImportOptions,
): Promise<ImportResult> {
  // the file is read and its rows checked in a worker thread; of the rows' problems it keeps the first PROBLEMS_SHOWN
  const read = await readImportFile({
    kind,
    bytes: input.bytes,
    filename: input.filename ?? '',
    tz: opts.tz,
    passScore: opts.passScore ?? 60,
  })
  if (!read.ok) return failed(kind, read.problems, read.problems.length)
  const pause = pacer()
  await breathe()
  const { header, items, aligned, problems } = read
  const notShown = read.problemCount - problems.length
  const fail = (more: ImportProblem[]): ImportResult => failed(kind, [...problems, ...more], notShown + problems.length + more.length)
  const now = opts.clock.now().toISOString()
  const ctx: PlanContext = { now, tz: opts.tz, actor: opts.actor, header: (key) => headerOf(header, kind, key), pause }
  const planner = PLANNERS[kind] as Planner<unknown>
  const succeed = (plan: Plan, dryRun: boolean): ImportResult => ({
    ok: true,
    kind,
    rows: read.rowCount,
    ...plan.counts,
    ...(plan.leavers && plan.leavers.length > 0 ? { leavers: plan.leavers } : {}),
    ...(dryRun && plan.confirm && !opts.confirmLeavers ? { leaversToConfirm: plan.confirm.units } : {}),
    dryRun,
    ...(header.ignored.length > 0 ? { ignoredColumns: header.ignored } : {}),
    ...(plan.warnings?.length ? { warnings: plan.warnings } : {}),
  })

  const check = async (ex: Executor): Promise<Plan> => {
    const references = await checkReferences(ex, kind, aligned, header)
    await pause()
    const plan = await planner(ex, items, ctx)
    await pause()
    const unconfirmed = !opts.dryRun && !opts.confirmLeavers ? (plan.confirm?.problems ?? []) : []
    return { ...plan, problems: [...references, ...plan.problems, ...unconfirmed] }
  }
  if (problems.length > 0 || opts.dryRun) {
    const plan = await check(db)
    if (problems.length > 0 || plan.problems.length > 0) return fail(plan.problems)
    return succeed(plan, true)
  }
  const plan = await db.write(async (tx) => {
    const plan = await check(tx)
    if (plan.problems.length > 0) return plan
    await applyWrites(tx, plan.writes, pause, opts.onProgress)
    await plan.apply?.(tx)
    await pause()
    await writeAudit(tx, kind, input.filename, read.rowCount, plan, ctx, opts)
    await opts.within?.(tx, succeed(plan, false))
    return plan
  })
  return plan.problems.length > 0 ? fail(plan.problems) : succeed(plan, false)
}

/**
 * Lets the event loop run (timers, requests, chat) once the file is read: a local database answers its promises at
 * once, so the answer's handling and what follows would otherwise run as one chain of microtasks with the request's
 * reading before it. A timer, not setImmediate: an immediate set from an I/O callback (the reader's answer arrives as
 * one) runs in the same turn of the loop, before any timer is due, so the chain went on with timers still waiting —
 * the longest pause while serving an import fell from 73–105 ms to 48–67 ms with the timer (each pause costs ~1 ms;
 * they come at most every SLICE_MS).
 */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** How long an import's planning or writing may keep the serving thread before it lets the event loop run. */
const SLICE_MS = 8

/**
 * `breathe`, but only once SLICE_MS have passed since the last time: called between the steps of an import, after
 * every batch of its writes and every so many rows of its planning. Inside the write transaction too, which is safe
 * because every write of this process takes the write lock (storage/db.ts, isWriteStatement): a request that writes
 * meanwhile waits in the queue for this transaction to commit, never in SQLite's busy handler on this thread.
 */
function pacer(): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < SLICE_MS) return
    await breathe()
    since = performance.now()
  }
}

/** Statements in batches of about ROWS_PER_STATEMENT rows, reporting progress after each. */
async function applyWrites(
  tx: Transaction,
  writes: Write[],
  pause: () => Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const total = writes.reduce((n, w) => n + w.rows, 0)
  let done = 0
  let batch: Write[] = []
  let batchRows = 0
  const flush = async () => {
    if (batch.length === 0) return
    await tx.batch(batch.map((w) => w.stmt))
    await pause()
    done += batchRows
    batch = []
    batchRows = 0
    onProgress?.(done, total)
  }
  for (const w of writes) {
    if (batchRows + w.rows > ROWS_PER_STATEMENT) await flush()
    batch.push(w)
    batchRows += w.rows
  }
  await flush()
}

async function writeAudit(
  ex: Executor,
  kind: ImportKind,
  filename: string | undefined,
  rows: number,
  plan: Plan,
  ctx: PlanContext,
  from: Pick<ImportOptions, 'ip' | 'requestId'>,
): Promise<void> {
  // who was marked as left, so the audit answers "who took them off the roster" (ids, the first 1,000; `left` counts all)
  const leftIds = plan.leavers?.length ? { leftIds: plan.leavers.slice(0, 1000).map((l) => l.id) } : {}
  const detail = { rows, ...plan.counts, ...plan.detail, ...leftIds }
  const entry = {
    actor: ctx.actor,
    ip: from.ip,
    requestId: from.requestId,
    action: `import.${kind}`,
    entity: 'import',
    entityId: filename,
    detail,
  }
  await ex.execute(auditStatement(entry, ctx.now))
}

/** The first PROBLEMS_SHOWN problems by line (the rows' first, then the others, on one line), and how many more there are. */
function failed(kind: ImportKind, problems: ImportProblem[], count: number): ImportResult {
  const shown = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.i - b.i)
    .slice(0, PROBLEMS_SHOWN)
    .map(({ p }) => p)
  return { ok: false, kind, problems: shown, ...(count > shown.length ? { problemsNotShown: count - shown.length } : {}) }
}
