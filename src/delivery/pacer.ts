import type { Clock } from '../clock.js'
import { localDate } from '../calendar.js'

export interface RateLimit {
  count: number
  perMs: number
}

export interface PacerOptions {
  /** least time between two sends (Wechaty: 1000) */
  minIntervalMs?: number
  /** up to this much more, at random, on top of minIntervalMs */
  jitterMs?: number
  /** sliding windows, e.g. [{ count: 20, perMs: 60_000 }] for WeCom robots */
  limits?: RateLimit[]
  /** sends per local day; past it `schedule` rejects with PacerCapError */
  dailyCap?: number
  /** the time zone of the "local day" of dailyCap (XUEFA_TZ); UTC when not given */
  tz?: string
  clock: Clock
  /** how to wait; tests pass one that advances a ManualClock (virtual time) */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

export class PacerCapError extends Error {
  constructor(cap: number) {
    super(`daily cap of ${cap} sends reached`)
    this.name = 'PacerCapError'
  }
}

export interface Pacer {
  /** Runs `fn` as soon as the limits allow, one at a time, in the order asked. */
  schedule<T>(fn: () => Promise<T>): Promise<T>
  /** ms until the next send may start (0 = now) */
  delayUntilNext(): number
  /** pushes the next send back, e.g. after a platform's retry-after */
  holdFor(ms: number): void
  /**
   * Waits for and takes one more slot, outside the queue: for a send that needs several requests
   * (a long message split in parts), called from inside the function given to `schedule`.
   */
  take(): Promise<void>
  readonly pending: number
}

export const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * A pacer per channel account: sends run back to back at the allowed rate (no idle gaps while work
 * is queued) and never above it. Times are taken when a send starts.
 */
export function createPacer(o: PacerOptions): Pacer {
  const minInterval = o.minIntervalMs ?? 0
  const jitter = o.jitterMs ?? 0
  const limits = o.limits ?? []
  const longest = Math.max(0, ...limits.map((l) => l.perMs))
  const sleep = o.sleep ?? realSleep
  const random = o.random ?? Math.random
  const starts: number[] = [] // send start times within the longest window
  let nextEarliest = 0
  let heldUntil = 0
  let dayKey = ''
  let dayCount = 0
  let queue: Promise<unknown> = Promise.resolve()
  let pending = 0

  function delayUntilNext(): number {
    const now = o.clock.now().getTime()
    while (starts.length > 0 && starts[0]! <= now - longest) starts.shift()
    let at = Math.max(nextEarliest, heldUntil)
    for (const l of limits) {
      // the count-th most recent start must have left the window before another may begin
      if (l.count <= 0) continue
      const t = starts[starts.length - l.count]
      if (t !== undefined && t > now - l.perMs) at = Math.max(at, t + l.perMs)
    }
    return Math.max(0, at - now)
  }

  async function takeSlot(): Promise<void> {
    for (let wait = delayUntilNext(); wait > 0; wait = delayUntilNext()) await sleep(wait)
    const now = o.clock.now()
    if (o.dailyCap !== undefined) {
      // the day is the deployment's local day, not UTC's (which turns at 08:00 in China)
      const key = localDate(now, o.tz ?? 'UTC')
      if (key !== dayKey) {
        dayKey = key
        dayCount = 0
      }
      if (dayCount >= o.dailyCap) throw new PacerCapError(o.dailyCap)
      dayCount++
    }
    starts.push(now.getTime())
    nextEarliest = now.getTime() + minInterval + (jitter > 0 ? Math.floor(random() * jitter) : 0)
  }

  async function runOne<T>(fn: () => Promise<T>): Promise<T> {
    await takeSlot()
    return fn()
  }

  return {
    schedule<T>(fn: () => Promise<T>): Promise<T> {
      pending++
      const result = queue.then(() => runOne(fn))
      queue = result.then(
        () => undefined,
        () => undefined,
      )
      return result.finally(() => pending--)
    },
    delayUntilNext,
    take: takeSlot,
    holdFor(ms: number) {
      heldUntil = Math.max(heldUntil, o.clock.now().getTime() + ms)
    },
    get pending() {
      return pending
    },
  }
}
