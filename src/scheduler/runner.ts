/**
 * Runs due jobs: claims them under a lease (one write, so two processes never get the same job), runs each
 * kind's handler, and settles it — done, back to pending with exponential backoff, or failed for good.
 *
 * Recovery after a crash: a lease is short (60 s) and renewed while its job runs (every third of it), so a job of a
 * live process keeps its lease however long it takes; and each round first ends the leases of holders known to be
 * dead (src/owner.ts: a process of this host that is gone), so a restarted process takes its predecessor's jobs at
 * once. Only a holder on another host that stopped answering is waited out, for at most the 60 s.
 */
import { closeOverdueAttempts } from '../answering/attempt-expiry.js'
import { randomBytes } from 'node:crypto'
import {
  claimDueJobs,
  completeJob,
  expireJobLeasesOf,
  failJob,
  hasDueJobs,
  listJobHolders,
  releaseJob,
  renewJobLease,
} from '../jobs/jobs.repo.js'
import { deadOwners } from '../owner.js'
import { fireDueSchedules } from '../schedules/schedules.service.js'
import type { JobDeps, JobEffects } from '../jobs/effects.js'

export interface RunnerDeps extends JobDeps {
  handlers: JobEffects
  /** this process; two processes must use different owners */
  owner: string
  /** how long a claimed job is ours without renewal before another process may take it over (default 60 s; renewed while it runs) */
  leaseMs?: number
  /** tries before a job ends as failed (default 5) */
  maxAttempts?: number
  /** jobs claimed per round (default 20) */
  batch?: number
  /** asked between jobs: true stops after the job in hand */
  shouldStop?: () => boolean
}

export interface RunStats {
  done: number
  retried: number
  failed: number
  lost: number
}

export function newOwnerId(prefix = 'xuefa'): string {
  return `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`
}

const JOB_LEASE_MS = 60_000

/** Runs `work`, renewing the job's lease every third of it meanwhile (real time: the renewal is for other processes). */
async function heartbeat(deps: RunnerDeps, id: number, leaseMs: number, work: () => Promise<void>): Promise<void> {
  const renew = () =>
    void deps.db
      .write((tx) => renewJobLease(tx, id, deps.owner, new Date(deps.clock.now().getTime() + leaseMs).toISOString()))
      .catch((err: unknown) => deps.logger.warn({ err, jobId: id }, 'job lease not renewed'))
  const timer = setInterval(renew, Math.max(1000, Math.floor(leaseMs / 3)))
  timer.unref()
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
}

/** 1 min, 2 min, 4 min, … capped at 1 h. */
export function jobBackoffMs(attempt: number): number {
  return Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempt - 1))
}

/** Fires due schedules, then runs every job due now (missed ones included), oldest first. */
export async function runDueJobs(deps: RunnerDeps): Promise<RunStats> {
  const { db, clock, logger, owner } = deps
  const stats: RunStats = { done: 0, retried: 0, failed: 0, lost: 0 }
  const maxAttempts = deps.maxAttempts ?? 5
  const stop = deps.shouldStop ?? (() => false)
  const leaseMs = deps.leaseMs ?? JOB_LEASE_MS
  // what a round looks at, asked together (on a remote database one round trip: storage/db.ts); an idle round writes nothing
  const [fired, , holders, due] = await Promise.all([
    fireDueSchedules(deps),
    closeOverdueAttempts(deps),
    listJobHolders(db),
    hasDueJobs(db, clock.now().toISOString()),
  ])
  const dead = deadOwners(holders)
  let expired = 0
  if (dead.length > 0) {
    expired = await db.write((tx) => expireJobLeasesOf(tx, dead, clock.now().toISOString()))
    if (expired > 0) logger.warn({ jobs: expired, owners: dead }, 'jobs held by a stopped process taken over')
  }
  // nothing was due when the round began, no schedule fired and no lease was ended: nothing to claim
  if (!due && fired === 0 && expired === 0) return stats
  while (!stop()) {
    const nowMs = clock.now().getTime()
    const jobs = await claimDueJobs(db, owner, new Date(nowMs).toISOString(), new Date(nowMs + leaseMs).toISOString(), deps.batch ?? 20)
    if (jobs.length === 0) break
    for (const job of jobs) {
      if (stop()) {
        // give back what we claimed but will not run
        await releaseJob(db, job.id, owner, clock.now().toISOString())
        continue
      }
      const log = { jobId: job.id, kind: job.kind, attempt: job.attempts, sessionId: job.sessionId }
      try {
        if (job.attempts > maxAttempts) throw new Error(`gave up after ${maxAttempts} attempts (its process stopped while running it)`)
        const handler = deps.handlers[job.kind] as (p: unknown, j: typeof job, d: JobDeps) => Promise<void>
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
        await heartbeat(deps, job.id, leaseMs, () => handler(job.payload, job, deps))
        if (await completeJob(db, job.id, owner, clock.now().toISOString())) {
          stats.done++
          logger.info(log, 'job done')
        } else {
          stats.lost++
          logger.warn(log, 'job lease lost before completion')
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        const now = clock.now()
        const retryAt = job.attempts >= maxAttempts ? null : new Date(now.getTime() + jobBackoffMs(job.attempts)).toISOString()
        await failJob(db, job.id, owner, message, retryAt, now.toISOString())
        if (retryAt) {
          stats.retried++
          logger.warn({ ...log, error: message, retryAt }, 'job failed; will retry')
        } else {
          stats.failed++
          logger.error({ ...log, error: message }, 'job failed for good')
        }
      }
    }
  }
  return stats
}
