/**
 * Runs due jobs: claims them under a lease (one write, so two processes never get the same job), runs each
 * kind's handler, and settles it — done, back to pending with exponential backoff, or failed for good.
 */
import { closeOverdueAttempts } from '../answering/attempt-expiry.js'
import { randomBytes } from 'node:crypto'
import { claimDueJobs, completeJob, failJob, releaseJob } from '../jobs/jobs.repo.js'
import { fireDueSchedules } from '../schedules/schedules.service.js'
import type { JobDeps, JobEffects } from '../jobs/effects.js'

export interface RunnerDeps extends JobDeps {
  handlers: JobEffects
  /** this process; two processes must use different owners */
  owner: string
  /** how long a claimed job is ours before another process may take it over (default 5 min) */
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
  await fireDueSchedules(deps)
  await closeOverdueAttempts(deps)
  while (!stop()) {
    const nowMs = clock.now().getTime()
    const jobs = await claimDueJobs(
      db,
      owner,
      new Date(nowMs).toISOString(),
      new Date(nowMs + (deps.leaseMs ?? 300_000)).toISOString(),
      deps.batch ?? 20,
    )
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
        await handler(job.payload, job, deps)
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
