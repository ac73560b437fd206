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
  /**
   * the share of dailyCap only the interactive lane may use: bulk sends stop at dailyCap − ⌊dailyCap × share⌋, so
   * a person who writes late in a day of fan-outs still gets an answer (default 0)
   */
  replyReserveShare?: number
  /**
   * while bulk sends wait, at most this many interactive sends in a row, then one bulk send: replies go first, but
   * a stream of them (one person writing without pause, a crowd answering at once) never stops the fan-out (default: no limit)
   */
  maxInteractiveRun?: number
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

/**
 * Two lanes share one account's limits: `interactive` (a reply to someone who just wrote) goes before `bulk`
 * (the outbox's fan-out) whenever both wait; within a lane, first asked, first sent.
 */
export type PacerLane = 'interactive' | 'bulk'

export interface Pacer {
  /** Runs `fn` as soon as the limits allow, one at a time: interactive first, then bulk (the default), FIFO within a lane. */
  schedule<T>(fn: () => Promise<T>, lane?: PacerLane): Promise<T>
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
  const lanes: Record<PacerLane, Task[]> = { interactive: [], bulk: [] }
  let pumping = false
  let pending = 0
  let interactiveRun = 0

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

  async function waitForSlot(): Promise<void> {
    for (let wait = delayUntilNext(); wait > 0; wait = delayUntilNext()) await sleep(wait)
  }

  /** Counts the send against the day's cap (bulk stops short of the reply reserve) and starts the interval. */
  function claimSlot(lane: PacerLane): void {
    const now = o.clock.now()
    if (o.dailyCap !== undefined) {
      // the day is the deployment's local day, not UTC's (which turns at 08:00 in China)
      const key = localDate(now, o.tz ?? 'UTC')
      if (key !== dayKey) {
        dayKey = key
        dayCount = 0
      }
      const cap = lane === 'bulk' ? o.dailyCap - Math.floor(o.dailyCap * (o.replyReserveShare ?? 0)) : o.dailyCap
      if (dayCount >= cap) throw new PacerCapError(cap)
      dayCount++
    }
    starts.push(now.getTime())
    nextEarliest = now.getTime() + minInterval + (jitter > 0 ? Math.floor(random() * jitter) : 0)
  }

  /** One send at a time; the lane is chosen when the slot is free, so a reply asked for during the wait goes first. */
  async function pump(): Promise<void> {
    if (pumping) return
    pumping = true
    try {
      while (lanes.interactive.length + lanes.bulk.length > 0) {
        let waited: unknown = null
        await waitForSlot().catch((err: unknown) => {
          waited = err ?? new Error('pacer wait failed')
        })
        const bulksTurn = lanes.bulk.length > 0 && o.maxInteractiveRun !== undefined && interactiveRun >= o.maxInteractiveRun
        const lane: PacerLane = lanes.interactive.length > 0 && !bulksTurn ? 'interactive' : 'bulk'
        interactiveRun = lane === 'interactive' ? interactiveRun + 1 : 0
        const task = lanes[lane].shift()!
        try {
          if (waited) throw waited
          claimSlot(lane)
        } catch (err) {
          task.reject(err)
          continue
        }
        await task.run()
      }
    } finally {
      pumping = false
    }
  }

  return {
    schedule<T>(fn: () => Promise<T>, lane: PacerLane = 'bulk'): Promise<T> {
      pending++
      const result = new Promise<T>((resolve, reject) => {
        lanes[lane].push({ run: () => Promise.resolve().then(fn).then(resolve, reject), reject })
      })
      void pump()
      return result.finally(() => pending--)
    },
    delayUntilNext,
    async take() {
      await waitForSlot()
      claimSlot('interactive')
    },
    holdFor(ms: number) {
      heldUntil = Math.max(heldUntil, o.clock.now().getTime() + ms)
    },
    get pending() {
      return pending
    },
  }
}

interface Task {
  run(): Promise<void>
  reject(err: unknown): void
}
