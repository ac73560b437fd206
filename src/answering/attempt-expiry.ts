import { closeExpiredAttempts } from './answering.service.js'
import { insertDeliveries } from '../delivery/deliveries.repo.js'
import { keyedPrivateDelivery } from '../delivery/fanout.js'
import type { JobDeps } from '../jobs/effects.js'

/**
 * Timed attempts (the 任前 exam) whose time ran out are graded even if the candidate never writes
 * again; the result goes to the candidate through the outbox, once (keyed by the attempt).
 */
export async function closeOverdueAttempts(deps: JobDeps): Promise<number> {
  const closed = await closeExpiredAttempts({ db: deps.db, clock: deps.clock, tz: deps.tz })
  if (closed.length === 0) return 0
  const now = deps.clock.now().toISOString()
  await insertDeliveries(
    deps.db,
    closed
      .filter((c) => c.texts.length > 0)
      .map((c) =>
        keyedPrivateDelivery(`attempt.expired:${c.attemptId}`, c.officialId, { text: c.texts.join('\n\n'), tag: 'attempt.expired' }, now),
      ),
    now,
  )
  deps.logger.info({ closed: closed.length }, 'overdue attempts graded')
  return closed.length
}
