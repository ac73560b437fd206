/**
 * The scheduler adapter: `node-cron` drives a short tick that runs due jobs (runner.ts). A `Service`:
 * start runs what was missed during downtime at once, stop stops ticking and waits (bounded) for the
 * job in hand.
 */
import type { ScheduledTask } from 'node-cron'
import { runDueJobs, newOwnerId, type RunnerDeps, type RunStats } from './runner.js'
import { createJobHandlers } from './handlers.js'
import type { PollMember, Poller } from '../poller.js'

export type SchedulerDeps = Omit<RunnerDeps, 'owner' | 'handlers' | 'shouldStop'> & {
  owner?: string
  handlers?: RunnerDeps['handlers']
  /** node-cron expression of the tick (default every 5 s) */
  tick?: string
  /** on a remote database: ticks on the process's shared beat instead of cron, and at once on its own commits (poller.ts) */
  poller?: Poller
  /** longest wait for the job in hand on stop (default 15 s) */
  stopTimeoutMs?: number
}

export interface Scheduler {
  readonly name: string
  readonly owner: string
  start(): Promise<void>
  stop(): Promise<void>
  /** one tick by hand (tests, the demo) */
  runOnce(): Promise<RunStats>
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const owner = deps.owner ?? newOwnerId('scheduler')
  const tick = deps.tick ?? '*/5 * * * * *'
  let stopping = false
  let task: ScheduledTask | null = null
  let inHand: Promise<RunStats> | null = null
  let beat: PollMember | null = null
  const runner: RunnerDeps = { ...deps, owner, handlers: deps.handlers ?? createJobHandlers(), shouldStop: () => stopping }

  function runOnce(): Promise<RunStats> {
    // one round at a time in this process; a tick arriving meanwhile joins it
    if (!inHand) {
      inHand = runDueJobs(runner).finally(() => {
        inHand = null
      })
    }
    return inHand
  }

  async function safeRun(): Promise<void> {
    try {
      const stats = await runOnce()
      if (stats.done + stats.failed + stats.retried > 0) deps.logger.info({ owner, ...stats }, 'scheduler tick')
    } catch (err) {
      deps.logger.error({ err, owner }, 'scheduler tick failed')
    }
  }

  return {
    name: 'scheduler',
    owner,
    async start() {
      stopping = false
      // loaded when the scheduler starts: commands that never schedule anything do not pay for it
      const { default: cron } = await import('node-cron')
      if (!cron.validate(tick)) throw new Error(`invalid scheduler tick "${tick}"`)
      if (deps.poller) {
        const member = deps.poller.join()
        beat = member
        await safeRun() // what came due while we were down runs now
        void (async () => {
          while (!stopping) {
            await member.wait()
            if (!stopping) await safeRun()
          }
        })()
        return
      }
      await safeRun() // what came due while we were down runs now
      if (stopping) return // stopped while that ran: no timed loop after a stop
      task = cron.schedule(tick, safeRun, { name: `xuefa-scheduler-${owner}`, noOverlap: true })
    },
    async stop() {
      stopping = true
      if (task) await task.destroy()
      task = null
      beat?.leave()
      beat = null
      if (inHand) {
        const bound = new Promise<void>((r) => setTimeout(r, deps.stopTimeoutMs ?? 15_000).unref())
        await Promise.race([inHand.catch(() => undefined), bound])
      }
    },
    runOnce,
  }
}
