import { hostname } from 'node:os'
import { publicBaseUrl, type Config } from './config.js'
import type { Db } from './storage/db.js'
import type { Clock } from './clock.js'
import type { Logger } from './log.js'
import type { Channel } from './delivery/channel.js'
import { createPacerRegistry, unpaced, type PacerRegistry } from './delivery/pacing.js'
import { createDeliveryService, type DeliveryService } from './delivery/delivery.service.js'
import { createScheduler, type Scheduler } from './scheduler/scheduler.js'
import { createChat, type Chat } from './chat/create-chat.js'
import { registerQuizCommands } from './chat/commands/quiz.js'
import { registerExamCommands } from './chat/commands/exam.js'
import type { WechatyBot } from '../bots/wechaty/bot.js'
import { createRobotChannel } from '../bots/robots/robot-channel.js'

export interface BackgroundOptions {
  config: Config
  db: Db
  clock: Clock
  logger: Logger
  /** a Wechaty puppet instance (createXuefa({ puppet })) */
  puppet?: unknown
  /** how pacers and the outbox wait; the demo passes one that advances its manual clock */
  sleep?: (ms: number) => Promise<void>
  /** run the job tick and the outbox loop (default true) */
  loops?: boolean
}

export interface Background {
  bot?: WechatyBot
  chat?: Chat
  scheduler: Scheduler
  delivery: DeliveryService
  pacers: PacerRegistry
  /** in start order */
  services: { name: string; start(): Promise<void>; stop(): Promise<void> }[]
}

/**
 * The bot, the job scheduler and the outbox sender, wired to one pacer per channel account:
 * the bot's direct replies and the outbox's sends of the same WeChat account share its pacer.
 */
export async function createBackground(o: BackgroundOptions): Promise<Background> {
  const { config, db, clock, logger } = o
  const tz = config.XUEFA_TZ
  const pacers = createPacerRegistry({ clock, tz, sleep: o.sleep })
  const robots = createRobotChannel({ db, clock, pacerFor: (platform, id) => pacers.pacerFor(platform, String(id)) })
  const channels: Partial<Record<'wechaty' | 'wecom' | 'dingtalk' | 'feishu', Channel>> = {
    wecom: robots,
    dingtalk: robots,
    feishu: robots,
  }

  let bot: WechatyBot | undefined
  let chat: Chat | undefined
  if (config.XUEFA_BOT === 'on' && (o.puppet || config.WECHATY_PUPPET)) {
    // Wechaty is loaded only when a bot runs: it is the largest part of the program
    const { createWechatyBot } = await import('../bots/wechaty/bot.js')
    const { createWechatyChannel } = await import('../bots/wechaty/channel.js')
    bot = createWechatyBot({
      name: 'xuefa',
      puppet: o.puppet,
      puppetName: config.WECHATY_PUPPET,
      puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN,
      db,
      logger,
      clock,
      pacer: pacers.pacerFor('wechaty', 'default'),
      onMessage: (message, actions) => chat!.handleIncoming(message, actions),
      onAlert: (alert) => logger.error({ alert: alert.kind, bot: alert.bot }, 'organizers alerted: the WeChat bot needs attention'),
    })
    const live = bot
    chat = createChat({ db, clock, tz, logger, channel: live.channel }, [registerQuizCommands, registerExamCommands])
    // the outbox already runs each send inside the account's pacer
    channels.wechaty = createWechatyChannel({ bot: () => live.wechaty, db, logger, name: 'wechaty', pacer: unpaced })
  } else if (config.XUEFA_BOT === 'on') {
    logger.info('chat bot not started: no puppet given and WECHATY_PUPPET is unset; WeChat deliveries wait in the outbox')
  }

  const owner = `${hostname()}:${process.pid}`
  const scheduler = createScheduler({ db, clock, tz, logger, owner: `jobs:${owner}`, linkBaseUrl: publicBaseUrl(config) })
  const delivery = createDeliveryService({ db, clock, tz, logger, pacers, channels, owner: `send:${owner}`, sleep: o.sleep })
  const services: Background['services'] = []
  if (bot) services.push(bot)
  if (o.loops !== false) services.push(scheduler, delivery)
  return { bot, chat, scheduler, delivery, pacers, services }
}
