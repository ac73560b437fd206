/**
 * The platforms' own applications (chat_apps) as channels of the one chat: per application, a Channel for the chat's
 * replies (paced in its interactive lane) and one for the outbox (unpaced: the sender runs every send in the same
 * pacer); their callbacks hand text messages to the chat with the Channel to answer through.
 */
import type { Clock } from '../../src/clock.js'
import type { Logger } from '../../src/log.js'
import type { Executor } from '../../src/storage/db.js'
import type { AppCallbacks, Channel, IncomingMessage } from '../../src/delivery/channel.js'
import type { Pacer } from '../../src/delivery/pacer.js'
import { unpaced } from '../../src/delivery/pacing.js'
import { PermanentDeliveryError } from '../../src/delivery/errors.js'
import { APP_CHANNEL, type AppChannel, type AppPlatform } from '../../src/delivery/apps.repo.js'
import { findBindingByOfficial } from '../../src/roster/binding.repo.js'
import { createWecomChannel, type AppChannelOptions, type TokenSlot } from './wecom.js'
import { createWecomCallback } from './wecom-callback.js'
import { createDingtalkChannel, type DingtalkSessions } from './dingtalk.js'
import { createDingtalkCallback } from './dingtalk-callback.js'

export interface AppsOptions {
  db: Executor
  clock: Clock
  logger: Logger
  pacerFor(channel: AppChannel, account: string): Pacer
  onMessage(message: IncomingMessage, via: Channel): Promise<void>
  /** the platforms' addresses (default the public ones); tests point them at fake servers */
  baseUrls?: Partial<Record<AppPlatform, string>>
  /** how long a throttling answer holds an application (default 60 s) */
  throttleMs?: number
  fetch?: typeof fetch
  /** the longest a callback keeps the platform waiting (default 4 s) */
  answerWithinMs?: number
}

export interface Apps {
  /** the chat's Channel of one application (replies, and nudges to the people bound on it) */
  chatChannel(channel: AppChannel, account: string): Channel
  /** the outbox's Channel of each platform: to an official through the application they are bound on */
  readonly outbox: Record<AppChannel, Channel>
  readonly callbacks: AppCallbacks
}

export function createApps(o: AppsOptions): Apps {
  const sessions: DingtalkSessions = new Map()
  const tokens = { 'wecom-app': new Map<string, TokenSlot>(), 'dingtalk-app': new Map<string, TokenSlot>() }
  const built = new Map<string, Channel>()
  const memberSends = new Map<string, number[]>()
  const options = (channel: AppChannel, pacer: Pacer, lane: 'interactive' | 'bulk'): AppChannelOptions => ({
    db: o.db,
    clock: o.clock,
    logger: o.logger,
    fetch: o.fetch,
    throttleMs: o.throttleMs,
    pacer,
    lane,
    tokens: tokens[channel],
    memberSends,
    baseUrl: channel === APP_CHANNEL.wecom ? o.baseUrls?.wecom : o.baseUrls?.dingtalk,
  })
  function channelOf(channel: AppChannel, account: string, outbox: boolean): Channel {
    const key = `${channel}:${account}:${outbox ? 'outbox' : 'chat'}`
    let c = built.get(key)
    if (!c) {
      const pacer = outbox ? unpaced : o.pacerFor(channel, account)
      const opts = options(channel, pacer, outbox ? 'bulk' : 'interactive')
      c = channel === APP_CHANNEL.wecom ? createWecomChannel(account, opts) : createDingtalkChannel(account, { ...opts, sessions })
      built.set(key, c)
    }
    return c
  }
  const outboxOf = (channel: AppChannel): Channel => ({
    name: channel,
    async send(to, message) {
      if (to.kind !== 'official') throw new PermanentDeliveryError(`the outbox of ${channel} reaches officials only`)
      const binding = await findBindingByOfficial(o.db, to.officialId)
      if (binding?.channel !== channel) throw new PermanentDeliveryError(`official ${to.officialId} is no longer bound on ${channel}`)
      return channelOf(channel, binding.account, true).send(to, message)
    },
  })
  const deps = { db: o.db, clock: o.clock, logger: o.logger, answerWithinMs: o.answerWithinMs }
  const wecom = createWecomCallback({
    ...deps,
    onMessage: (m) => o.onMessage(m, channelOf(APP_CHANNEL.wecom, m.account ?? '', false)),
  })
  const dingtalk = createDingtalkCallback({
    ...deps,
    sessions,
    onMessage: (m) => o.onMessage(m, channelOf(APP_CHANNEL.dingtalk, m.account ?? '', false)),
  })
  return {
    chatChannel: (channel, account) => channelOf(channel, account, false),
    outbox: { 'wecom-app': outboxOf(APP_CHANNEL.wecom), 'dingtalk-app': outboxOf(APP_CHANNEL.dingtalk) },
    callbacks: { handle: (platform, account, req) => (platform === 'wecom' ? wecom(account, req) : dingtalk(account, req)) },
  }
}
