/** What a job kind does when its time comes: the domain's effects, run by the scheduler (src/scheduler/). */
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Db } from '../storage/db.js'
import type { Job, JobKind, JobPayloads } from './jobs.repo.js'

export interface JobDeps {
  db: Db
  clock: Clock
  tz: string
  logger: Logger
  /** where personal links point (config publicBaseUrl): notices that carry a link need it */
  linkBaseUrl?: string
}

/**
 * An effect only writes: the outbox rows it plans carry unique keys (`${jobId}:${recipient}`), so an effect
 * that runs again after a crash changes nothing more.
 */
export type JobEffect<K extends JobKind = JobKind> = (payload: JobPayloads[K], job: Job, deps: JobDeps) => Promise<void>
export type JobEffects = { [K in JobKind]: JobEffect<K> }
