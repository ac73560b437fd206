/**
 * Recurring schedules: a cron expression in XUEFA_TZ, on China's official working days only when asked (a
 * Monday–Friday expression then also fires on 调休 weekends and skips public holidays). Today a schedule
 * fires the week's 学法清单 (digest.weekly) to the group robots of a unit and the units below it. Each fire
 * time becomes one `schedule.fire` job, unique per schedule and time, so two processes, or a restart, fire
 * it once.
 */
import { AppError } from '../errors.js'
import type { Db, Executor } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Clock } from '../clock.js'
import { findUnit, isUnitWithin } from '../roster/units.repo.js'
import type { JobDeps, JobEffects } from '../jobs/effects.js'
import { enqueueJobStatement, type Job, type JobPayloads } from '../jobs/jobs.repo.js'
import { CronError, fireTimesBetween, nextFireAfter, parseCron } from './cron.rules.js'
import {
  deleteSchedule,
  findSchedule,
  findScheduleByName,
  listSchedules as listScheduleRows,
  recordFireStatement,
  setScheduleEnabled,
  upsertSchedule,
  type ScheduleRow,
} from './schedules.repo.js'

/** Job kinds a schedule may fire. */
export const SCHEDULABLE_KINDS = ['digest.weekly'] as const
export type SchedulableKind = (typeof SCHEDULABLE_KINDS)[number]

export interface Schedule extends ScheduleRow {
  kind: SchedulableKind
  /** the unit whose robots (with those below) it reaches; null = every unit */
  unitCode: string | null
  /** the next fire time after now (ISO UTC), null when disabled or when none comes within five years */
  nextFireAt: string | null
}

export interface ScheduleInput {
  name: string
  cron: string
  kind?: SchedulableKind
  unitCode?: string | null
  /** default true */
  skipHolidays?: boolean
}

interface ScheduleDeps {
  db: Db
  clock: Clock
  tz: string
}

/** Our evaluator decides when a schedule fires, so it decides what is a valid expression. */
export function validateCron(expression: string): void {
  try {
    parseCron(expression)
  } catch (e) {
    if (e instanceof CronError) {
      throw new AppError('INVALID_INPUT', `invalid cron expression "${expression}": ${e.message}`, {
        issues: [{ path: ['cron'], message: e.message }],
      })
    }
    throw e
  }
}

/** The input a refused schedule was refused for (the issues' path), so each way in can say it in its own words. */
export function refusedInput(e: unknown): 'cron' | 'unitCode' | null {
  if (!(e instanceof AppError) || e.code !== 'INVALID_INPUT') return null
  const field = (e.issues?.[0] as { path?: unknown[] } | undefined)?.path?.[0]
  return field === 'cron' || field === 'unitCode' ? field : null
}

function view(r: ScheduleRow, now: Date, tz: string): Schedule {
  const next = r.enabled ? nextFireAfter(parseCron(r.cron), now, tz, { skipHolidays: r.skipHolidays }) : null
  return { ...r, kind: r.kind as SchedulableKind, unitCode: unitOf(r), nextFireAt: next?.toISOString() ?? null }
}

const unitOf = (r: ScheduleRow): string | null => (typeof r.payload.unitCode === 'string' ? r.payload.unitCode : null)

/** The schedules a caller manages: those of this unit and the units below it; null = every schedule (CLI, unscoped token). */
export type ScheduleReach = string | null

/** The one reach rule: a caller limited to a unit manages its subtree's schedules; one for every unit needs no limit. */
async function isWithinReach(ex: Executor, reach: ScheduleReach, unitCode: string | null): Promise<boolean> {
  if (reach === null) return true
  return unitCode !== null && (await isUnitWithin(ex, unitCode, reach))
}

/**
 * The schedule `id`, when the caller reaches it. Another unit's is answered as a missing one (NOT_FOUND: a 403 would
 * tell which ids exist there); a county-wide one, which reaches the caller's own people too, is FORBIDDEN.
 */
async function reachableSchedule(ex: Executor, id: number, reach: ScheduleReach): Promise<ScheduleRow> {
  const row = await findSchedule(ex, id)
  const missing = () => new AppError('NOT_FOUND', `schedule ${id} not found`)
  if (!row) throw missing()
  if (await isWithinReach(ex, reach, unitOf(row))) return row
  if (unitOf(row) !== null) throw missing()
  throw new AppError('FORBIDDEN', `schedule ${id} is for every unit: only a token not limited to a unit may change or remove it`)
}

/** Refuses a new schedule outside the caller's reach, and the name of one outside it (which it would replace). */
async function assertMayWrite(ex: Executor, reach: ScheduleReach, name: string, unitCode: string | null): Promise<void> {
  if (!(await isWithinReach(ex, reach, unitCode))) {
    throw new AppError(
      'FORBIDDEN',
      unitCode === null
        ? 'a schedule for every unit needs a token not limited to a unit; give unitCode'
        : `unit ${unitCode} is outside unit ${reach} and the units below it, the limit of this token`,
    )
  }
  const same = await findScheduleByName(ex, name)
  if (same && !(await isWithinReach(ex, reach, unitOf(same)))) {
    const message = `another schedule is named "${name}", outside the units this token reaches; choose another name`
    throw new AppError('CONFLICT', message, { issues: [{ path: ['name'], message }] })
  }
}

/** Creates a schedule, or replaces the one of the same name, within the caller's reach. */
export async function createSchedule(deps: ScheduleDeps, input: ScheduleInput, by: Actor, reach: ScheduleReach = null): Promise<Schedule> {
  return deps.db.write((tx) => createScheduleIn(tx, deps, input, by, reach))
}

/** `createSchedule` within the caller's transaction. */
export async function createScheduleIn(
  tx: Executor,
  deps: Omit<ScheduleDeps, 'db'>,
  input: ScheduleInput,
  by: Actor,
  reach: ScheduleReach = null,
): Promise<Schedule> {
  validateCron(input.cron)
  const kind = input.kind ?? 'digest.weekly'
  if (!SCHEDULABLE_KINDS.includes(kind)) throw new AppError('INVALID_INPUT', `a schedule cannot fire ${kind}`)
  const unitCode = input.unitCode || null
  const now = deps.clock.now().toISOString()
  await assertMayWrite(tx, reach, input.name, unitCode)
  if (unitCode && !(await findUnit(tx, unitCode))) {
    throw new AppError('INVALID_INPUT', `unit ${unitCode} does not exist`, {
      issues: [{ path: ['unitCode'], message: `unit ${unitCode} does not exist` }],
    })
  }
  const payload: JobPayloads[SchedulableKind] = unitCode ? { unitCode } : {}
  const row = await upsertSchedule(
    tx,
    { name: input.name, cron: input.cron, kind, payload, skipHolidays: input.skipHolidays !== false },
    now,
  )
  await tx.execute(
    auditStatement({ ...by, action: 'schedule.save', entity: 'schedule', entityId: String(row.id), detail: { name: row.name } }, now),
  )
  return view(row, deps.clock.now(), deps.tz)
}

/** Every schedule, or those of a unit and the units below it. */
export async function listSchedules(deps: ScheduleDeps, under?: string): Promise<Schedule[]> {
  const now = deps.clock.now()
  return (await listScheduleRows(deps.db, under)).map((r) => view(r, now, deps.tz))
}

export async function enableSchedule(
  deps: ScheduleDeps,
  id: number,
  enabled: boolean,
  by: Actor,
  reach: ScheduleReach = null,
): Promise<Schedule> {
  const now = deps.clock.now().toISOString()
  const row = await deps.db.write(async (tx) => {
    await reachableSchedule(tx, id, reach)
    const row = await setScheduleEnabled(tx, id, enabled, now)
    if (!row) throw new AppError('NOT_FOUND', `schedule ${id} not found`)
    await tx.execute(
      auditStatement({ ...by, action: enabled ? 'schedule.enable' : 'schedule.disable', entity: 'schedule', entityId: String(id) }, now),
    )
    return row
  })
  return view(row, deps.clock.now(), deps.tz)
}

export async function removeSchedule(deps: ScheduleDeps, id: number, by: Actor, reach: ScheduleReach = null): Promise<void> {
  const now = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await reachableSchedule(tx, id, reach)
    await deleteSchedule(tx, id)
    await tx.execute(auditStatement({ ...by, action: 'schedule.delete', entity: 'schedule', entityId: String(id) }, now))
  })
}

/**
 * Enqueues the due fire of every enabled schedule. After downtime only the latest missed fire runs
 * (a weekly list sent three times at once helps nobody); the ones passed over are logged.
 */
export async function fireDueSchedules(deps: JobDeps): Promise<number> {
  const { db, clock, tz, logger } = deps
  const now = clock.now()
  let fired = 0
  for (const s of await listScheduleRows(db)) {
    if (!s.enabled) continue
    const from = new Date(s.lastFiredAt ?? s.createdAt)
    const due = fireTimesBetween(parseCron(s.cron), from, now, tz, { skipHolidays: s.skipHolidays }, 500)
    const last = due[due.length - 1]
    if (!last) continue
    const fireAt = last.toISOString()
    const rs = await db.batch([
      recordFireStatement(s.id, fireAt, s.lastFiredAt),
      enqueueJobStatement(
        { kind: 'schedule.fire', dueAt: fireAt, payload: { scheduleId: s.id, fireAt }, dedupKey: `schedule:${s.id}:${fireAt}` },
        now.toISOString(),
      ),
    ])
    if (rs[1]?.rowsAffected) fired++
    if (due.length > 1) logger.warn({ schedule: s.name, missed: due.length - 1, fireAt }, 'missed schedule fires coalesced into one')
  }
  return fired
}

/** Runs the schedule's job kind with its payload, as part of the schedule.fire job. */
export async function runScheduleFire(deps: JobDeps, payload: JobPayloads['schedule.fire'], job: Job, effects: JobEffects): Promise<void> {
  const s = await findSchedule(deps.db, payload.scheduleId)
  if (!s) {
    deps.logger.info({ jobId: job.id, scheduleId: payload.scheduleId }, 'schedule removed before its fire ran; nothing to do')
    return
  }
  const kind = s.kind as SchedulableKind
  if (!SCHEDULABLE_KINDS.includes(kind)) throw new Error(`schedule ${s.name} fires ${s.kind}, which cannot be scheduled`)
  await effects[kind](s.payload as JobPayloads[SchedulableKind], job, deps)
}
