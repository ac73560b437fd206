/**
 * Virtual time for the benchmarks: a ManualClock that moves only when every part of the simulation (the outbox,
 * the pacers, the people) is waiting on a `sleep`, and then straight to the earliest wake-up. No real waits: a
 * morning of paced sends runs in seconds, and what happens "at the same time" happens in the order of its
 * virtual times, as several real loops sharing a pacer would.
 *
 * The database is the embedded engine (synchronous under its promises), so once the event loop reaches its
 * check phase every continuation of the last wake-up has run: that is when the next timer may fire.
 */
import { ManualClock } from '../../src/clock.js'

interface Timer {
  at: number
  seq: number
  wake: () => void
}

export interface VirtualTime {
  readonly clock: ManualClock
  /** what the pacers, the outbox and the simulated people wait with */
  sleep(ms: number): Promise<void>
  /** sleeps until the virtual instant `at` (at once if it has passed) */
  sleepUntil(at: Date): Promise<void>
  /** moves virtual time on, timer by timer, until `work` settles; its result */
  run<T>(work: Promise<T>): Promise<T>
}

const checkPhase = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createVirtualTime(start: Date | string): VirtualTime {
  const clock = new ManualClock(start)
  const timers: Timer[] = []
  let seq = 0

  function sleep(ms: number): Promise<void> {
    return new Promise<void>((wake) => {
      const timer = { at: clock.now().getTime() + Math.max(0, ms), seq: ++seq, wake }
      // kept sorted by (at, seq): equal times wake in the order they were asked
      let i = timers.length
      while (i > 0 && (timers[i - 1]!.at > timer.at || (timers[i - 1]!.at === timer.at && timers[i - 1]!.seq > timer.seq))) i--
      timers.splice(i, 0, timer)
    })
  }

  return {
    clock,
    sleep,
    sleepUntil: (at) => sleep(at.getTime() - clock.now().getTime()),
    async run<T>(work: Promise<T>): Promise<T> {
      let settled = false
      const watched = work.finally(() => {
        settled = true
      })
      watched.catch(() => undefined)
      for (;;) {
        await checkPhase()
        await checkPhase()
        if (settled) return watched
        const next = timers.shift()
        if (!next) throw new Error('virtual time: the work waits on something that no timer will wake')
        if (next.at > clock.now().getTime()) clock.set(new Date(next.at))
        next.wake()
      }
    },
  }
}
