import { accountsToRun, publicBaseUrl, type Config } from './config.js'
import type { Db } from './storage/db.js'
import type { Clock } from './clock.js'
import { processOwner } from './owner.js'
import { createPoller } from './poller.js'
import type { Logger } from './log.js'
import type { Channel } from './delivery/channel.js'
import { createPacerRegistry, type PacerRegistry } from './delivery/pacing.js'
import { createDeliveryService, type DeliveryService } from './delivery/delivery.service.js'
import type { DeliveryChannel } from './delivery/deliveries.repo.js'
import { createScheduler, type Scheduler } from './scheduler/scheduler.js'
import { createChat, type Chat } from './chat/create-chat.js'
import { registerQuizCommands } from './chat/commands/quiz.js'
import { registerExamCommands } from './chat/commands/exam.js'
import type { WechatyBot } from '../bots/wechaty/bot.js'
import { createRobotChannel } from '../bots/robots/robot-channel.js'
import { createApps, type Apps, type AppsOptions } from '../bots/apps/apps.js'
import { APP_CHANNEL, type AppChannel } from './delivery/apps.repo.js'
import { ChannelUnavailableError } from './delivery/errors.js'
import { findBindingByOfficial } from './roster/binding.repo.js'

export interface BackgroundOptions {
  config: Config
  db: Db
  clock: Clock
  logger: Logger
  /** a Wechaty puppet instance (createXuefa({ puppet })): the first account's */
  puppet?: unknown
  /** a puppet instance per bot account (createXuefa({ puppets })); the accounts run are those given that XUEFA_BOT_RUN allows */
  puppets?: Readonly<Record<string, unknown>>
  /** how pacers and the outbox wait; the demo passes one that advances its manual clock */
  sleep?: (ms: number) => Promise<void>
  /** run the job tick and the outbox loop (default true) */
  loops?: boolean
  /** the WeCom / DingTalk applications' platform addresses, throttling hold and fetch (tests' fake servers) */
  apps?: Pick<AppsOptions, 'baseUrls' | 'throttleMs' | 'fetch' | 'answerWithinMs'>
}

export interface Background {
  /** the first account's bot */
  bot?: WechatyBot
  /** every bot this process runs, by account */
  bots: ReadonlyMap<string, WechatyBot>
  chat?: Chat
  /** the WeCom / DingTalk applications (chat_apps), when the chat runs */
  apps?: Apps
  scheduler: Scheduler
  delivery: DeliveryService
  pacers: PacerRegistry
  /** in start order */
  services: { name: string; start(): Promise<void>; stop(): Promise<void> }[]
}

/**
 * The bots, the job scheduler and the outbox sender, wired to one pacer per channel account: a bot's direct
 * replies (the pacer's interactive lane) and the outbox's sends (its bulk lane) of the same WeChat account share it.
 */
export async function createBackground(o: BackgroundOptions): Promise<Background> {
  const { config, db, clock, logger } = o
  const tz = config.XUEFA_TZ
  const pacers = createPacerRegistry({ clock, tz, sleep: o.sleep })
  const robots = createRobotChannel({ db, clock, pacerFor: (platform, id) => pacers.pacerFor(platform, String(id)) })
  const channels: Partial<Record<DeliveryChannel, Channel>> = {
    wecom: robots,
    dingtalk: robots,
    feishu: robots,
  }

  let bots: ReadonlyMap<string, WechatyBot> = new Map()
  let chat: Chat | undefined
  let wechat: Channel | undefined
  const run = accountsToRun(config)
  const puppets = o.puppets ?? (o.puppet ? { [run[0]!]: o.puppet } : undefined)
  const accountChannels: { wechaty?: Record<string, Channel> } = {}
  if (config.XUEFA_BOT === 'on' && (puppets || config.WECHATY_PUPPET)) {
    // Wechaty is loaded only when a bot runs: it is the largest part of the program
    const { createWechatyAccounts } = await import('../bots/wechaty/accounts.js')
    const accounts = createWechatyAccounts({
      accounts: run,
      puppets,
      puppetName: config.WECHATY_PUPPET,
      tokenFor: (a) => config.XUEFA_BOT_TOKENS?.[a] ?? config.WECHATY_PUPPET_SERVICE_TOKEN,
      db,
      logger,
      clock,
      pacerFor: (a) => pacers.pacerFor('wechaty', a),
      onMessage: (message, actions, via) => chat!.handleIncoming(message, actions, via),
      onAlert: (alert) => logger.error({ alert: alert.kind, bot: alert.bot }, 'organizers alerted: the WeChat bot needs attention'),
    })
    if (accounts.bots.size > 0) {
      bots = accounts.bots
      wechat = accounts.channel
      accountChannels.wechaty = accounts.outbox
    }
  } else if (config.XUEFA_BOT === 'on') {
    logger.info('WeChat bot not started: no puppet given and WECHATY_PUPPET is unset; WeChat deliveries wait in the outbox')
  }
  let apps: Apps | undefined
  if (config.XUEFA_BOT === 'on') {
    // the WeCom / DingTalk applications are read from chat_apps when used: added by the CLI, they work without a restart
    const live = createApps({
      ...o.apps,
      db,
      clock,
      logger,
      pacerFor: (channel, account) => pacers.pacerFor(channel, account),
      onMessage: (message, via) => chat!.handleIncoming(message, { rememberContact: async () => undefined }, via),
    })
    apps = live
    const appChannels = new Set<string>(Object.values(APP_CHANNEL))
    // what the chat sends on its own (a nudge to someone else) goes where that person is bound
    const toOfficials: Channel = {
      name: 'chat',
      async send(to, message) {
        if (to.kind === 'official') {
          const binding = await findBindingByOfficial(db, to.officialId)
          if (binding && appChannels.has(binding.channel))
            return live.chatChannel(binding.channel as AppChannel, binding.account).send(to, message)
        }
        if (!wechat) throw new ChannelUnavailableError('the WeChat bot is not running')
        return wechat.send(to, message)
      },
      isReady: () => wechat?.isReady?.() !== false,
    }
    chat = createChat({ db, clock, tz, logger, channel: toOfficials, botAccounts: config.XUEFA_BOT_ACCOUNTS }, [
      registerQuizCommands,
      registerExamCommands,
    ])
    Object.assign(channels, apps.outbox)
  }
  const bot = [...bots.values()][0]

  // on a remote database the loops share one beat (every 5 s) and wake on this process's own commits (poller.ts)
  const poller = db.isLocal ? undefined : createPoller({ sleep: o.sleep })
  if (poller) db.onCommit(() => poller.wake())
  // leases name this process (host, pid, start), so the next process after a crash takes its work at once (owner.ts)
  const scheduler = createScheduler({ db, clock, tz, logger, owner: processOwner('jobs'), linkBaseUrl: publicBaseUrl(config), poller })
  // a process sends only the WeChat accounts it runs (XUEFA_BOT_RUN); the others' rows wait for their process
  const delivery = createDeliveryService({
    db,
    clock,
    tz,
    logger,
    pacers,
    channels,
    accountChannels: { wechaty: accountChannels.wechaty ?? {} },
    servedAs: (channel, account) =>
      channel === 'wechaty' && !config.XUEFA_BOT_ACCOUNTS.includes(account) ? config.XUEFA_BOT_ACCOUNTS[0]! : account,
    owner: processOwner('send'),
    sleep: o.sleep,
    poller,
  })
  const services: Background['services'] = [...bots.values()]
  if (o.loops !== false) services.push(scheduler, delivery)
  return { bot, bots, chat, apps, scheduler, delivery, pacers, services }
}
