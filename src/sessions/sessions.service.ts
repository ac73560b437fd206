/**
 * The one home of a session's life: create, change, cancel — each with its timeline (jobs) and its quiz, in
 * one write transaction. The API, the dashboard, chat (安排学法), the meetings feed and the CSV import all
 * come through here; the `…In(tx, …)` forms join a transaction the caller already holds (the chat's
 * processed-message row, the webhook's event id, the import's all-or-nothing write).
 */
import { randomBytes } from 'node:crypto'
import type { InStatement, Transaction } from '@libsql/client'
import type { Db, Executor } from '../storage/db.js'
import { asConflict } from '../storage/errors.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { localDate } from '../calendar.js'
import { normalizeLaws } from '../laws.js'
import { findUnit } from '../roster/units.repo.js'
import { createSessionQuiz, type CreatedQuiz } from '../quizzes/quiz.service.js'
import type { QuizSpec } from '../quizzes/quiz.schema.js'
import { findQuizBySession } from '../quizzes/quizzes.repo.js'
import { deleteAutoAbsentStatement, listMarks, markAbsentStatements } from './attendance.repo.js'
import { listAudience } from './audience.repo.js'
import { findSession, setClosedStatement, upsertSessionStatements, type Audience, type NewSession, type Session } from './sessions.repo.js'
import { isRecordedHeld, keptStatus, type SessionKind, type SessionStatus } from './session.rules.js'
import { cancelSessionTimelineStatements, planNewSessionStatements, replanSessionStatements } from './timeline.service.js'

export interface SessionDeps {
  db: Db
  clock: Clock
  tz: string
}

export interface SessionInput {
  /** a quiz for the session (fixed questions or a draw), written with it */
  quiz?: QuizSpec
  /**
   * true: a quiz the bank cannot fill is left out and the session is saved without one (chat, dashboard);
   * false (default): the whole create is refused (the API's 400)
   */
  quizOptional?: boolean
  id?: string
  kind: SessionKind
  title: string
  startsAt: Date
  unitCode: string
  body?: string | null
  meetingNo?: string | null
  hours?: number | null
  laws?: string[]
  presenter?: string | null
  status?: SessionStatus
  audience?: Audience | null
  externalId?: string | null
  source?: Session['source']
  /** per-session overrides of the delivery timeline (a partial TimelineSettings, see timeline.rules.ts) */
  timeline?: unknown
}

export type SessionChanges = Partial<Omit<SessionInput, 'id' | 'source' | 'timeline' | 'externalId'>>

/**
 * What became of a quiz asked for with a write: created with it, one the session already had (kept), or left
 * out (the bank could not fill it, and the caller took the session without it); null when none was asked for.
 */
export type QuizOutcome = 'created' | 'existing' | 'left_out' | null

/** A session as saved, and what became of the quiz asked for with it. */
export interface SavedSession {
  session: Session
  quiz: QuizOutcome
}

/** What a write inside a caller's transaction needs to know. */
export interface WriteContext {
  clock: Clock
  tz: string
  by: Actor
}

export function newSessionId(startsAt: Date, tz: string): string {
  return `S${localDate(startsAt, tz).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`
}

/** Can `before` be written as `after`? A cancelled session stays cancelled: its audience was told, its jobs are gone. */
export function isUncancelling(before: Pick<Session, 'status'> | null, after: Pick<NewSession, 'status'>): boolean {
  return before?.status === 'cancelled' && after.status !== 'cancelled'
}

/**
 * Writes a session (new or changed) with its laws and materials, and plans, re-plans or cancels its timeline.
 * A cancelled session is never brought back (CONFLICT): a new one is planned under a new id.
 */
export async function writeSessionIn(
  tx: Executor & Pick<Transaction, 'batch'>,
  before: Session | null,
  after: NewSession,
  ctx: WriteContext & { timeline?: unknown },
): Promise<void> {
  if (isUncancelling(before, after)) throw new AppError('CONFLICT', `session ${after.id} is cancelled and cannot be planned again`)
  const now = ctx.clock.now()
  const held = isRecordedHeld(before, after, now)
  const written: NewSession = held ? { ...after, status: 'held' } : after
  const stmts = upsertSessionStatements(written, now.toISOString())
  if (before === null) stmts.push(...(await planNewSessionStatements(tx, written, ctx.timeline, now, ctx.tz)))
  else if (written.status === 'cancelled') {
    if (before.status !== 'cancelled') stmts.push(...cancelSessionTimelineStatements(written.id, now))
  } else stmts.push(...(await replanSessionStatements(tx, before, written, now, ctx.tz)))
  if (held) stmts.push(...(await recordHeldStatements(tx, written, now)))
  else if (before?.status === 'held' && written.status === 'planned') {
    // planned again (its start moved ahead): open, and the absences filled in by holding it taken back
    stmts.push(setClosedStatement(written.id, null), deleteAutoAbsentStatement(written.id))
  }
  await tx.batch(stmts)
}

/**
 * A session recorded as held when written: closed, its expected audience counted, the unmarked absent (source
 * 'auto', as closing marks them; worked out again on every write, so a changed audience is counted as it now
 * is) — and no message to anyone: it is past.
 */
async function recordHeldStatements(ex: Executor, s: NewSession, now: Date): Promise<InStatement[]> {
  // the absences filled in before are worked out again: the audience may have changed with this write
  await ex.execute(deleteAutoAbsentStatement(s.id))
  const [audience, marks] = await Promise.all([listAudience(ex, s), listMarks(ex, s.id)])
  const unmarked = audience.filter((o) => !marks.has(o.id)).map((o) => o.id)
  return [setClosedStatement(s.id, now.toISOString()), ...markAbsentStatements(s.id, unmarked, now.toISOString())]
}

/** Creates a session in the caller's transaction; returns its id and whether it got its quiz. */
export async function createSessionIn(
  tx: Transaction,
  input: SessionInput,
  ctx: WriteContext,
): Promise<{ id: string; quiz: CreatedQuiz | null }> {
  if (!(await findUnit(tx, input.unitCode))) throw new AppError('INVALID_INPUT', `unit ${input.unitCode} does not exist`)
  if (input.id !== undefined && (await findSession(tx, input.id))) throw new AppError('CONFLICT', `session ${input.id} already exists`)
  const id = input.id ?? newSessionId(input.startsAt, ctx.tz)
  const session: NewSession = {
    id,
    kind: input.kind,
    title: input.title,
    startsAt: input.startsAt.toISOString(),
    unitCode: input.unitCode,
    body: input.body ?? null,
    meetingNo: input.meetingNo ?? null,
    hours: input.hours ?? null,
    presenter: input.presenter ?? null,
    status: input.status ?? 'planned',
    audience: input.audience ?? null,
    externalId: input.externalId ?? null,
    source: input.source ?? 'api',
    laws: normalizeLaws(input.laws ?? []),
    createdBy: ctx.by.actor,
  }
  await writeSessionIn(tx, null, session, { ...ctx, timeline: input.timeline })
  const quiz = input.quiz ? await quizFor(tx, session, input.quiz, input.quizOptional === true, ctx.clock) : null
  await tx.execute(
    auditStatement(
      { ...ctx.by, action: 'session.create', entity: 'session', entityId: id, detail: { kind: input.kind, source: session.source } },
      ctx.clock.now().toISOString(),
    ),
  )
  return { id, quiz }
}

/** The quiz is part of the session: both are written or neither — unless the caller takes the session without it. */
async function quizFor(tx: Executor, s: NewSession, spec: QuizSpec, optional: boolean, clock: Clock): Promise<CreatedQuiz | null> {
  try {
    return await createSessionQuiz(tx, s, spec, clock)
  } catch (e) {
    // the bank cannot fill it: nothing of the quiz was written yet
    if (optional && e instanceof AppError && e.code === 'INVALID_INPUT') return null
    throw e
  }
}

export async function createSession(deps: SessionDeps, input: SessionInput, by: Actor): Promise<SavedSession> {
  const ctx = { clock: deps.clock, tz: deps.tz, by }
  const { id, quiz } = await deps.db
    .write((tx) => createSessionIn(tx, input, ctx))
    .catch((e: unknown) => asConflict(e, `session ${input.id ?? ''} conflicts with an existing one`))
  return { session: await mustFind(deps.db, id), quiz: input.quiz ? (quiz ? 'created' : 'left_out') : null }
}

/**
 * The fields that changed, written with the re-planned timeline, and the quiz asked for (added when the
 * session has none); a cancelled session cannot be changed.
 */
export async function updateSessionIn(
  tx: Transaction,
  current: Session,
  changes: SessionChanges,
  ctx: WriteContext,
): Promise<{ fields: string[]; quiz: QuizOutcome }> {
  if (current.status === 'cancelled') throw new AppError('CONFLICT', `session ${current.id} is cancelled`)
  if (changes.unitCode !== undefined && !(await findUnit(tx, changes.unitCode))) {
    throw new AppError('INVALID_INPUT', `unit ${changes.unitCode} does not exist`)
  }
  const next: NewSession = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([k, v]) => v !== undefined && k !== 'quiz' && k !== 'quizOptional')),
    startsAt: changes.startsAt ? changes.startsAt.toISOString() : current.startsAt,
    laws: changes.laws ? normalizeLaws(changes.laws) : current.laws,
    createdBy: null,
  }
  if (changes.status === undefined) next.status = keptStatus(current, next.startsAt, ctx.clock.now())
  const fields = (
    ['kind', 'title', 'startsAt', 'unitCode', 'body', 'meetingNo', 'hours', 'presenter', 'status', 'audience', 'laws'] as const
  ).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]))
  if (fields.length > 0) {
    await writeSessionIn(tx, current, next, ctx)
    await tx.execute(
      auditStatement(
        { ...ctx.by, action: 'session.update', entity: 'session', entityId: current.id, detail: { fields } },
        ctx.clock.now().toISOString(),
      ),
    )
  }
  if (!changes.quiz) return { fields, quiz: null }
  if (await findQuizBySession(tx, current.id)) return { fields, quiz: 'existing' }
  const quiz = await quizFor(tx, next, changes.quiz, changes.quizOptional === true, ctx.clock)
  return { fields, quiz: quiz ? 'created' : 'left_out' }
}

export async function updateSession(deps: SessionDeps, id: string, changes: SessionChanges, by: Actor): Promise<SavedSession> {
  const { quiz } = await deps.db.write(async (tx) => {
    const current = await findSession(tx, id)
    if (!current) throw new AppError('NOT_FOUND', `session ${id} not found`)
    return updateSessionIn(tx, current, changes, { clock: deps.clock, tz: deps.tz, by })
  })
  return { session: await mustFind(deps.db, id), quiz }
}

/** Cancels a session: it stops counting anywhere, what has not gone out never will, the audience is told; its marks stay. */
export async function cancelSessionIn(tx: Transaction, current: Session, ctx: WriteContext): Promise<boolean> {
  if (current.status === 'cancelled') return false
  await writeSessionIn(tx, current, { ...current, status: 'cancelled', createdBy: null }, ctx)
  await tx.execute(
    auditStatement({ ...ctx.by, action: 'session.cancel', entity: 'session', entityId: current.id }, ctx.clock.now().toISOString()),
  )
  return true
}

export async function cancelSession(deps: SessionDeps, id: string, by: Actor): Promise<Session> {
  await deps.db.write(async (tx) => {
    const current = await findSession(tx, id)
    if (!current) throw new AppError('NOT_FOUND', `session ${id} not found`)
    await cancelSessionIn(tx, current, { clock: deps.clock, tz: deps.tz, by })
  })
  return mustFind(deps.db, id)
}

async function mustFind(ex: Executor, id: string): Promise<Session> {
  const s = await findSession(ex, id)
  if (!s) throw new AppError('INTERNAL', `session ${id} vanished after it was written`)
  return s
}
