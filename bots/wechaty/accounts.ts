/**
 * Several WeChat bot accounts in one process (XUEFA_BOT_ACCOUNTS, XUEFA_BOT_RUN): one Wechaty instance per
 * account, each with its own puppet (and token), its own pacer and daily cap. What comes in carries the account it
 * came to and is answered from it; what the chat sends to an official goes out from the official's account.
 */
import type { Clock } from '../../src/clock.js'
import type { Logger } from '../../src/log.js'
import type { Db } from '../../src/storage/db.js'
import type { Channel, ContactActions, IncomingMessage } from '../../src/delivery/channel.js'
import type { Pacer } from '../../src/delivery/pacer.js'
import { unpaced } from '../../src/delivery/pacing.js'
import { findBindingByOfficial } from '../../src/roster/binding.repo.js'
import { createWechatyBot, type BotAlert, type WechatyBot } from './bot.js'
import { createWechatyChannel } from './channel.js'

export interface WechatyAccountsOptions {
  /** the accounts this process runs, in the configured order */
  accounts: readonly string[]
  /** a puppet instance per account (tests, the demo); an account without one builds `puppetName` */
  puppets?: Readonly<Record<string, unknown>>
  puppetName?: string
  /** the puppet service token of an account */
  tokenFor(account: string): string | undefined
  pacerFor(account: string): Pacer
  db: Db
  logger: Logger
  clock: Clock
  /** `via`: the channel of the account the message came to */
  onMessage(message: IncomingMessage, actions: ContactActions, via: Channel): Promise<void>
  onAlert?(alert: BotAlert): void | Promise<void>
}

export interface WechatyAccounts {
  /** by account, in the configured order */
  readonly bots: ReadonlyMap<string, WechatyBot>
  /** the chat's channel: to an official through the official's account (when run here), else the first account */
  readonly channel: Channel
  /** the outbox's channel of each account, unpaced: the sender runs every send inside the account's pacer */
  readonly outbox: Record<string, Channel>
}

/** Wechaty's name keeps the puppet's login between runs, so each account needs its own; 'default' keeps the old one. */
export function botName(account: string): string {
  return account === 'default' ? 'xuefa' : `xuefa-${account}`
}

export function createWechatyAccounts(o: WechatyAccountsOptions): WechatyAccounts {
  const bots = new Map<string, WechatyBot>()
  const outbox: Record<string, Channel> = {}
  for (const account of o.accounts) {
    if (o.puppets && !o.puppets[account] && !o.puppetName) continue
    const bot: WechatyBot = createWechatyBot({
      name: botName(account),
      account,
      puppet: o.puppets?.[account],
      puppetName: o.puppetName,
      puppetToken: o.tokenFor(account),
      db: o.db,
      logger: o.logger,
      clock: o.clock,
      pacer: o.pacerFor(account),
      onMessage: (message, actions) => o.onMessage(message, actions, bot.channel),
      onAlert: o.onAlert,
    })
    bots.set(account, bot)
    outbox[account] = createWechatyChannel({ bot: () => bot.wechaty, db: o.db, logger: o.logger, name: 'wechaty', pacer: unpaced })
  }
  const first = () => [...bots.values()][0]!
  const channel: Channel = {
    name: 'wechaty',
    async send(to, message) {
      let via = first()
      if (to.kind === 'official' && bots.size > 1) {
        const binding = await findBindingByOfficial(o.db, to.officialId)
        via = (binding && bots.get(binding.account)) || via
      }
      return via.channel.send(to, message)
    },
    isReady: () => [...bots.values()].some((b) => b.channel.isReady?.() !== false),
  }
  return { bots, channel, outbox }
}
