/**
 * Recurring schedules (table `schedules`): a cron expression in XUEFA_TZ, optionally on official working
 * days only. Each tick turns a due fire time into one `schedule.fire` job (unique per schedule and fire
 * time), so two processes, or a restart, fire it once.
 */
import cron from 'node-cron'
import { AppError } from '../errors.js'
import type { Executor } from '../storage/db.js'
import { enqueueJobStatement, type Job, type JobKind, type JobPayloads } from '../jobs/jobs.repo.js'
import { CronError, fireTimesBetween, nextFireAfter, parseCron } from './cron.rules.js'
import type { JobDeps } from '../delivery/fanout.js'
import type { JobHandlers } from '../scheduler/handlers.js'

/** Job kinds a schedule may fire. */
export const SCHEDULABLE_KINDS = ['digest.weekly'] as const
export type SchedulableKind = (typeof SCHEDULABLE_KINDS)[number]

export interface Schedule {
  id: number
  name: string
  cron: string
  kind: SchedulableKind
  payload: unknown
  skipHolidays: boolean
  enabled: boolean
  lastFiredAt: string | null
  createdAt: string
}

export interface ScheduleInput {
  name: string
  cron: string
  kind: SchedulableKind
  payload?: JobPayloads[SchedulableKind]
  skipHolidays?: boolean
}

/** node-cron decides what is a valid expression; our evaluator must understand it too. */
export function validateCron(expression: string): void {
  const detail = cron.validateDetailed(expression)
  if (!detail.valid) {
    throw new AppError(
      'INVALID_INPUT',
      `invalid cron expression "${expression}": ${detail.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    )
  }
  try {
    parseCron(expression)
  } catch (e) {
    if (e instanceof CronError) throw new AppError('INVALID_INPUT', `unsupported cron expression "${expression}": ${e.message}`)
    throw e
  }
}

function toSchedule(r: Record<string, unknown>): Schedule {
  return {
    id: Number(r.id),
    name: String(r.name),
    cron: String(r.cron),
    kind: String(r.kind) as SchedulableKind,
    payload: JSON.parse(String(r.payload_json)) as unknown,
    skipHolidays: Number(r.skip_holidays) === 1,
    enabled: Number(r.enabled) === 1,
    lastFiredAt: r.last_fired_at == null ? null : String(r.last_fired_at),
    createdAt: String(r.created_at),
  }
}

export async function createSchedule(deps: Pick<JobDeps, 'db' | 'clock'>, input: ScheduleInput): Promise<Schedule> {
  validateCron(input.cron)
  if (!SCHEDULABLE_KINDS.includes(input.kind)) throw new AppError('INVALID_INPUT', `a schedule cannot fire ${input.kind}`)
  const rs = await deps.db.execute({
    sql: `INSERT INTO schedules (name, cron, kind, payload_json, skip_holidays, created_at) VALUES (:name, :cron, :kind, :payload, :skip, :now)
          ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, kind = excluded.kind, payload_json = excluded.payload_json,
            skip_holidays = excluded.skip_holidays
          RETURNING *`,
    args: {
      name: input.name,
      cron: input.cron,
      kind: input.kind,
      payload: JSON.stringify(input.payload ?? {}),
      skip: input.skipHolidays === false ? 0 : 1,
      now: deps.clock.now().toISOString(),
    },
  })
  return toSchedule(rs.rows[0] as unknown as Record<string, unknown>)
}

export async function listSchedules(ex: Executor): Promise<Schedule[]> {
  const rs = await ex.execute('SELECT * FROM schedules ORDER BY id')
  return rs.rows.map((r) => toSchedule(r as unknown as Record<string, unknown>))
}

export function nextScheduleFire(s: Schedule, after: Date, tz: string): Date | null {
  return nextFireAfter(parseCron(s.cron), after, tz, { skipHolidays: s.skipHolidays })
}

/**
 * Enqueues the due fire of every enabled schedule. After downtime only the latest missed fire runs
 * (a weekly list sent three times at once helps nobody); the ones passed over are logged.
 */
export async function fireDueSchedules(deps: JobDeps): Promise<number> {
  const { db, clock, tz, logger } = deps
  const now = clock.now()
  let fired = 0
  for (const s of await listSchedules(db)) {
    if (!s.enabled) continue
    const from = new Date(s.lastFiredAt ?? s.createdAt)
    const due = fireTimesBetween(parseCron(s.cron), from, now, tz, { skipHolidays: s.skipHolidays }, 500)
    const last = due[due.length - 1]
    if (!last) continue
    const fireAt = last.toISOString()
    const iso = now.toISOString()
    const rs = await db.batch([
      {
        sql: 'UPDATE schedules SET last_fired_at = :fireAt WHERE id = :id AND last_fired_at IS :prev',
        args: { id: s.id, fireAt, prev: s.lastFiredAt },
      },
      enqueueJobStatement(
        { kind: 'schedule.fire', dueAt: fireAt, payload: { scheduleId: s.id, fireAt }, dedupKey: `schedule:${s.id}:${fireAt}` },
        iso,
      ),
    ])
    if (rs[1]?.rowsAffected) fired++
    if (due.length > 1) logger.warn({ schedule: s.name, missed: due.length - 1, fireAt }, 'missed schedule fires coalesced into one')
  }
  return fired
}

/** Runs the schedule's job kind with its payload, as part of the schedule.fire job. */
export async function runScheduleFire(
  deps: JobDeps,
  payload: JobPayloads['schedule.fire'],
  job: Job,
  handlers: JobHandlers,
): Promise<void> {
  const rs = await deps.db.execute({ sql: 'SELECT * FROM schedules WHERE id = :id', args: { id: payload.scheduleId } })
  const row = rs.rows[0]
  if (!row) throw new Error(`schedule ${payload.scheduleId} not found`)
  const s = toSchedule(row as unknown as Record<string, unknown>)
  const kind: JobKind = s.kind
  if (!SCHEDULABLE_KINDS.includes(s.kind)) throw new Error(`schedule ${s.name} fires ${kind}, which cannot be scheduled`)
  await handlers[s.kind](s.payload as JobPayloads[SchedulableKind], job, deps)
}
