import { createSessionQuiz } from '../quizzes/quiz.service.js'
import type { QuizSpec } from '../quizzes/quiz.schema.js'
import { randomBytes } from 'node:crypto'
import type { Db } from '../storage/db.js'
import { asConflict } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { localDate } from '../calendar.js'
import { findUnit } from '../roster/units.repo.js'
import { findOfficial } from '../roster/officials.repo.js'
import { findSession, setSessionStatus, upsertSessionStatements, type Audience, type Session } from './sessions.repo.js'
import { countAttendance, upsertMarkStatement } from './attendance.repo.js'
import { normalizeLaws, type AttendanceStatus, type SessionKind, type SessionStatus } from './session.rules.js'
import { cancelSessionTimelineStatements, planNewSessionStatements, replanSessionStatements } from './timeline.service.js'

export interface SessionDeps {
  db: Db
  clock: Clock
  tz: string
}

export interface SessionInput {
  /** a quiz for the session (fixed questions or a draw), created in the same transaction */
  quiz?: QuizSpec
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
  /** per-session overrides of the delivery timeline (a partial TimelineSettings, see jobs/timeline.rules.ts) */
  timeline?: unknown
}

export function newSessionId(startsAt: Date, tz: string): string {
  return `S${localDate(startsAt, tz).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`
}

export async function createSession(deps: SessionDeps, input: SessionInput, by: Actor): Promise<Session> {
  const { db, clock, tz } = deps
  if (!(await findUnit(db, input.unitCode))) throw new AppError('INVALID_INPUT', `unit ${input.unitCode} does not exist`)
  const id = input.id ?? newSessionId(input.startsAt, tz)
  const now = clock.now().toISOString()
  const stmts = upsertSessionStatements(
    {
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
      createdBy: by.actor,
    },
    now,
  )
  await db
    .write(async (tx) => {
      if (input.id !== undefined && (await findSession(tx, input.id))) {
        throw new AppError('CONFLICT', `session ${input.id} already exists`)
      }
      const timeline = await planNewSessionStatements(
        tx,
        { id, startsAt: input.startsAt.toISOString(), status: input.status ?? 'planned' },
        input.timeline,
        clock.now(),
        tz,
      )
      await tx.batch([
        ...stmts,
        ...timeline,
        auditStatement({ ...by, action: 'session.create', entity: 'session', entityId: id, detail: { kind: input.kind } }, now),
      ])
      // the quiz is part of the session: both are written or neither
      if (input.quiz) await createSessionQuiz(tx, id, input.quiz, clock)
    })
    .catch((e) => asConflict(e, `session ${id} conflicts with an existing one`))
  const created = await findSession(db, id)
  if (!created) throw new AppError('INTERNAL', 'session vanished after insert')
  return created
}

export interface MarkInput {
  officialId: string
  status: AttendanceStatus
  note?: string | null
}

export interface MarkResult {
  marked: number
  counts: Record<AttendanceStatus, number>
}

/**
 * Sets attendance marks; idempotent. Every official must exist; a cancelled session takes no marks.
 * Marks from the chat or the API on a planned session do not change its status: closing does.
 */
export async function markAttendance(
  deps: SessionDeps,
  sessionId: string,
  marks: MarkInput[],
  by: Actor & { source: 'api' | 'chat' | 'ui' | 'auto' | 'import' },
): Promise<MarkResult> {
  const { db, clock } = deps
  const session = await findSession(db, sessionId)
  if (!session) throw new AppError('NOT_FOUND', `session ${sessionId} not found`)
  if (session.status === 'cancelled') throw new AppError('CONFLICT', `session ${sessionId} is cancelled`)
  const unknown: string[] = []
  for (const m of marks) if (!(await findOfficial(db, m.officialId))) unknown.push(m.officialId)
  if (unknown.length > 0) {
    throw new AppError('INVALID_INPUT', `unknown officials: ${unknown.join(', ')}`, {
      issues: unknown.map((id) => ({ path: ['officialId'], message: `official ${id} does not exist` })),
    })
  }
  const now = clock.now().toISOString()
  const rs = await db.write(async (tx) => {
    const results = await tx.batch([
      ...marks.map((m) =>
        upsertMarkStatement(
          { sessionId, officialId: m.officialId, status: m.status, note: m.note ?? null, source: by.source, markedBy: by.actor },
          now,
        ),
      ),
      auditStatement({ ...by, action: 'attendance.mark', entity: 'session', entityId: sessionId, detail: { marks: marks.length } }, now),
    ])
    return results
  })
  const marked = rs.slice(0, marks.length).reduce((n, r) => n + r.rowsAffected, 0)
  return { marked, counts: await countAttendance(db, sessionId) }
}

export type SessionChanges = Partial<Omit<SessionInput, 'id' | 'source' | 'timeline'>>

/** Changes a session; a cancelled session cannot be changed back (create a new one). */
export async function updateSession(deps: SessionDeps, id: string, changes: SessionChanges, by: Actor): Promise<Session> {
  const { db, clock, tz } = deps
  const current = await findSession(db, id)
  if (!current) throw new AppError('NOT_FOUND', `session ${id} not found`)
  if (current.status === 'cancelled') throw new AppError('CONFLICT', `session ${id} is cancelled`)
  if (changes.unitCode !== undefined && !(await findUnit(db, changes.unitCode))) {
    throw new AppError('INVALID_INPUT', `unit ${changes.unitCode} does not exist`)
  }
  const now = clock.now().toISOString()
  const next = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    startsAt: changes.startsAt ? changes.startsAt.toISOString() : current.startsAt,
    laws: changes.laws ? normalizeLaws(changes.laws) : current.laws,
    createdBy: null,
  } as Session & { createdBy: null }
  await db.write(async (tx) => {
    const timeline = await replanSessionStatements(tx, current, next, clock.now(), tz)
    await tx.batch([
      ...upsertSessionStatements(next, now),
      ...timeline,
      auditStatement({ ...by, action: 'session.update', entity: 'session', entityId: id, detail: { fields: Object.keys(changes) } }, now),
    ])
  })
  return (await findSession(db, id))!
}

/** Cancels a session: it stops counting anywhere; its marks stay for the record. */
export async function cancelSession(deps: SessionDeps, id: string, by: Actor): Promise<Session> {
  const { db, clock } = deps
  const current = await findSession(db, id)
  if (!current) throw new AppError('NOT_FOUND', `session ${id} not found`)
  if (current.status === 'cancelled') return current
  const now = clock.now().toISOString()
  await db.write(async (tx) => {
    await setSessionStatus(tx, id, 'cancelled', now)
    await tx.batch(cancelSessionTimelineStatements(id, clock.now()))
    await tx.execute(auditStatement({ ...by, action: 'session.cancel', entity: 'session', entityId: id }, now))
  })
  return (await findSession(db, id))!
}
