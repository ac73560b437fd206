import type { Clock } from '../clock.js'
import { createPacer, type Pacer, type PacerOptions } from './pacer.js'
import type { DeliveryChannel } from './deliveries.repo.js'

/**
 * The documented limits of each channel (DOMAIN.md "Channels"), as pacer settings per account.
 * Robots are spread evenly over their window (WeCom 20/min = one every 3 s) rather than sent in a burst
 * and then held: the same rate, with no burst for the platform to frown upon.
 */
export const CHANNEL_LIMITS: Record<DeliveryChannel, Omit<PacerOptions, 'clock' | 'sleep' | 'random' | 'tz'>> = {
  // community reports: ≥ 1 s between sends per account; jitter so the rhythm does not look scripted.
  // A tenth of the day's cap is kept for replies: fan-outs stop at 1,800 of 2,000 (README, "Bot accounts").
  wechaty: { minIntervalMs: 1000, jitterMs: 1000, dailyCap: 2000, replyReserveShare: 0.1, maxInteractiveRun: 4 },
  wecom: { minIntervalMs: 3000, limits: [{ count: 20, perMs: 60_000 }] },
  // over 20/min DingTalk throttles the robot for 10 minutes
  dingtalk: { minIntervalMs: 3000, limits: [{ count: 20, perMs: 60_000 }] },
  // WeCom self-built application, message/send: not counted in the base 10,000 calls/min; per application at most the
  // accounts' limit × 200 person-times a day and 30 a minute / 1,000 an hour to one member, over which messages are
  // dropped; a minute's block lasts 60 s (https://developer.work.weixin.qq.com/document/path/90454). A tenth of a
  // second apart keeps a fan-out of thousands within minutes, far from any of them.
  // The day's cap is the documented example's (a licence of 500 accounts × 200 person-times): larger licences allow more.
  'wecom-app': { minIntervalMs: 100, limits: [{ count: 300, perMs: 60_000 }], dailyCap: 100_000 },
  // DingTalk work notifications (asyncsend_v2) and session-webhook replies: at most 500 notices a day to one person
  // per application, the same content once a day (https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages)
  // No day's cap per application is published: the same planning figure as WeCom's.
  'dingtalk-app': { minIntervalMs: 100, limits: [{ count: 300, perMs: 60_000 }], dailyCap: 100_000 },
  feishu: {
    minIntervalMs: 600,
    limits: [
      { count: 5, perMs: 1000 },
      { count: 100, perMs: 60_000 },
    ],
  },
}

export interface PacerRegistryOptions {
  clock: Clock
  tz: string
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** per-channel overrides, e.g. { wechaty: { minIntervalMs: 1500, jitterMs: 500, dailyCap: 800 } } */
  overrides?: Partial<Record<DeliveryChannel, Partial<PacerOptions>>>
}

export interface PacerRegistry {
  /** the one pacer of a (channel, account), made on first use */
  pacerFor(channel: DeliveryChannel, account: string): Pacer
}

export function createPacerRegistry(o: PacerRegistryOptions): PacerRegistry {
  const pacers = new Map<string, Pacer>()
  return {
    pacerFor(channel, account) {
      const key = `${channel}:${account}`
      let p = pacers.get(key)
      if (!p) {
        p = createPacer({
          ...CHANNEL_LIMITS[channel],
          ...o.overrides?.[channel],
          clock: o.clock,
          tz: o.tz,
          sleep: o.sleep,
          random: o.random,
        })
        pacers.set(key, p)
      }
      return p
    },
  }
}

/**
 * A pacer that runs sends at once. For a Channel that paces itself through a shared pacer when it is
 * also used by the outbox sender, which already runs every send inside that same pacer: give the
 * channel instance the outbox uses this one, so the two queues never wait on each other.
 */
export const unpaced: Pacer = {
  schedule: (fn) => fn(),
  delayUntilNext: () => 0,
  holdFor: () => undefined,
  take: async () => undefined,
  pending: 0,
}
