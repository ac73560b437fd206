import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

/**
 * Job kinds and their payloads. The scheduler runs them; anyone may enqueue them inside
 * the same transaction as the change that calls for them.
 */
export interface JobPayloads {
  /** send the study material (and quiz notice) of a session to its audience */
  'session.materials': { sessionId: string }
  /** remind those of the audience who have not finished the quiz / not checked in */
  'session.reminder': { sessionId: string }
  /** close: unmarked → absent, open quizzes closed, make-up material to the excused, summary to the organizer */
  'session.close': { sessionId: string }
  /** tell the audience that a session moved or was cancelled */
  'session.notice': { sessionId: string; change: 'moved' | 'cancelled' }
  /** make-up material for one official who asked for leave */
  'official.makeup': { sessionId: string; officialId: string }
  /** a recurring schedule fired (e.g. the weekly 学法清单) */
  'schedule.fire': { scheduleId: number; fireAt?: string }
  /** the week's 学法清单: the sessions of the coming seven days, to the group robots of the unit and below */
  'digest.weekly': { unitCode?: string }
  /** a 年度学法考试 opened: each enrolled official gets one private message with their personal link */
  'annual.open': { annualId: number }
  /** the one reminder before a 年度学法考试 closes, to those who have not started it */
  'annual.remind': { annualId: number }
}
export type JobKind = keyof JobPayloads

export interface NewJob<K extends JobKind = JobKind> {
  kind: K
  dueAt: string
  payload: JobPayloads[K]
  /** a job with the same key is not enqueued twice */
  dedupKey?: string
  sessionId?: string
}

export function enqueueJobStatement<K extends JobKind>(job: NewJob<K>, now: string): InStatement {
  return {
    sql: `INSERT INTO jobs (kind, due_at, payload_json, dedup_key, session_id, created_at, updated_at)
          VALUES (:kind, :dueAt, :payload, :dedupKey, :sessionId, :now, :now)
          ON CONFLICT (dedup_key) DO NOTHING`,
    args: {
      kind: job.kind,
      // normalised so stored times compare as strings (an ISO string without milliseconds would sort wrong)
      dueAt: new Date(job.dueAt).toISOString(),
      payload: JSON.stringify(job.payload),
      dedupKey: job.dedupKey ?? null,
      sessionId: job.sessionId ?? null,
      now,
    },
  }
}

export type JobState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled'

export interface Job {
  id: number
  kind: JobKind
  dueAt: string
  payload: unknown
  state: JobState
  attempts: number
  leaseOwner: string | null
  leaseUntil: string | null
  lastError: string | null
  sessionId: string | null
  updatedAt: string
}

const JOB_COLUMNS = 'id, kind, due_at, payload_json, state, attempts, lease_owner, lease_until, last_error, session_id, updated_at'

function toJob(r: Row): Job {
  return {
    id: Number(r.id),
    kind: String(r.kind) as JobKind,
    dueAt: String(r.due_at),
    payload: JSON.parse(String(r.payload_json)) as unknown,
    state: String(r.state) as JobState,
    attempts: Number(r.attempts),
    leaseOwner: r.lease_owner == null ? null : String(r.lease_owner),
    leaseUntil: r.lease_until == null ? null : String(r.lease_until),
    lastError: r.last_error == null ? null : String(r.last_error),
    sessionId: r.session_id == null ? null : String(r.session_id),
    updatedAt: String(r.updated_at),
  }
}

export async function enqueueJob<K extends JobKind>(ex: Executor, job: NewJob<K>, now: string): Promise<void> {
  await ex.execute(enqueueJobStatement(job, now))
}

/**
 * Claims up to `limit` due jobs for `owner` in one write: pending ones whose time has come, and running
 * ones whose lease ran out (their process died). Two processes can never both get the same job.
 */
export async function claimDueJobs(ex: Executor, owner: string, now: string, leaseUntil: string, limit: number): Promise<Job[]> {
  const rs = await ex.execute({
    sql: `UPDATE jobs SET state = 'running', lease_owner = :owner, lease_until = :leaseUntil,
            attempts = attempts + 1, updated_at = :now
          WHERE id IN (SELECT id FROM jobs
                       WHERE (state = 'pending' AND due_at <= :now) OR (state = 'running' AND lease_until <= :now)
                       ORDER BY due_at, id LIMIT :limit)
          RETURNING ${JOB_COLUMNS}`,
    args: { owner, leaseUntil, now, limit },
  })
  return rs.rows.map(toJob).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id - b.id))
}

/** Whether `claimDueJobs` would find anything now: a read, so that an idle round of the scheduler writes nothing. */
export async function hasDueJobs(ex: Executor, now: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: `SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'pending' AND due_at <= :now)
              OR EXISTS (SELECT 1 FROM jobs WHERE state = 'running' AND lease_until <= :now) AS due`,
    args: { now },
  })
  return Number(rs.rows[0]?.due ?? 0) === 1
}

/** Renews the lease of a job while it runs (a heartbeat); false when it is no longer ours. */
export async function renewJobLease(ex: Executor, id: number, owner: string, leaseUntil: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: `UPDATE jobs SET lease_until = :leaseUntil WHERE id = :id AND state = 'running' AND lease_owner = :owner`,
    args: { id, owner, leaseUntil },
  })
  return rs.rowsAffected === 1
}

/** Who holds running jobs: the processes whose death the runner checks. */
export async function listJobHolders(ex: Executor): Promise<string[]> {
  const rs = await ex.execute("SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL")
  return rs.rows.map((r) => String(r.lease_owner))
}

/** Ends the leases of dead processes' jobs now, so the next claim takes them. */
export async function expireJobLeasesOf(ex: Executor, deadOwners: string[], now: string): Promise<number> {
  const rs = await ex.execute({
    sql: `UPDATE jobs SET lease_until = :now
          WHERE state = 'running' AND lease_owner IN (SELECT value FROM json_each(:deadOwners)) AND lease_until > :now`,
    args: { now, deadOwners: JSON.stringify(deadOwners) },
  })
  return rs.rowsAffected
}

/** Only the lease holder can settle a job: a process that lost its lease changes nothing. */
export async function completeJob(ex: Executor, id: number, owner: string, now: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: `UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = :now
          WHERE id = :id AND state = 'running' AND lease_owner = :owner`,
    args: { id, owner, now },
  })
  return rs.rowsAffected === 1
}

/** Back to pending at `retryAt`, or `failed` for good when `retryAt` is null. */
export async function failJob(
  ex: Executor,
  id: number,
  owner: string,
  error: string,
  retryAt: string | null,
  now: string,
): Promise<boolean> {
  const rs = await ex.execute({
    sql: `UPDATE jobs SET state = CASE WHEN :retryAt IS NULL THEN 'failed' ELSE 'pending' END,
            due_at = COALESCE(:retryAt, due_at), lease_owner = NULL, lease_until = NULL, last_error = :error, updated_at = :now
          WHERE id = :id AND state = 'running' AND lease_owner = :owner`,
    args: { id, owner, error: error.slice(0, 2000), retryAt, now },
  })
  return rs.rowsAffected === 1
}

/** Jobs that ended as failed, newest first: what organizers are shown. */
export async function listFailedJobs(ex: Executor, f: { sessionId?: string; limit?: number } = {}): Promise<Job[]> {
  const rs = await ex.execute({
    sql: `SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'failed' AND (:sessionId IS NULL OR session_id = :sessionId)
          ORDER BY updated_at DESC, id DESC LIMIT :limit`,
    args: { sessionId: f.sessionId ?? null, limit: f.limit ?? 100 },
  })
  return rs.rows.map(toJob)
}

export async function listSessionJobs(ex: Executor, sessionId: string): Promise<Job[]> {
  const rs = await ex.execute({
    sql: `SELECT ${JOB_COLUMNS} FROM jobs WHERE session_id = :sessionId ORDER BY due_at, id`,
    args: { sessionId },
  })
  return rs.rows.map(toJob)
}

export function cancelPendingSessionJobsStatement(sessionId: string, now: string): InStatement {
  return {
    sql: `UPDATE jobs SET state = 'cancelled', updated_at = :now WHERE session_id = :sessionId AND state = 'pending'`,
    args: { sessionId, now },
  }
}

/** A pending job moved to another time (nothing happens when it already ran or was cancelled). */
export function rescheduleJobStatement(id: number, dueAt: string, now: string): InStatement {
  return {
    sql: `UPDATE jobs SET due_at = :dueAt, updated_at = :now WHERE id = :id AND state = 'pending'`,
    args: { id, dueAt: new Date(dueAt).toISOString(), now },
  }
}

export function cancelJobStatement(id: number, now: string): InStatement {
  return { sql: `UPDATE jobs SET state = 'cancelled', updated_at = :now WHERE id = :id AND state = 'pending'`, args: { id, now } }
}

/** Every pending job of one kind of a session moved to `dueAt`. */
export function rescheduleSessionJobsStatement(sessionId: string, kind: JobKind, dueAt: string, now: string): InStatement {
  return {
    sql: `UPDATE jobs SET due_at = :dueAt, updated_at = :now WHERE session_id = :sessionId AND kind = :kind AND state = 'pending'`,
    args: { sessionId, kind, dueAt: new Date(dueAt).toISOString(), now },
  }
}

/** Gives a claimed job back untouched (the process is stopping before it could run it). */
export async function releaseJob(ex: Executor, id: number, owner: string, now: string): Promise<void> {
  await ex.execute({
    sql: `UPDATE jobs SET state = 'pending', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = :now
          WHERE id = :id AND state = 'running' AND lease_owner = :owner`,
    args: { id, owner, now },
  })
}
