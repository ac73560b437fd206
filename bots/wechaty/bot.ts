import { WechatyBuilder, types, type Wechaty } from 'wechaty'
import type { Clock } from '../../src/clock.js'
import type { Logger } from '../../src/log.js'
import type { Db } from '../../src/storage/db.js'
import type { BotState, BotStatus } from '../../src/delivery/bot-state.js'
import type { Channel } from '../../src/delivery/channel.js'
import { createPacer, type Pacer } from '../../src/delivery/pacer.js'
import type { ContactActions, IncomingMessage } from '../../src/delivery/channel.js'
import { ALERTS } from './copy.zh.js'
import { createWechatyChannel } from './channel.js'
import { contactActions, toIncomingMessage } from './incoming.js'
import { qrSvg, qrTerminal } from './qr.js'
import { createSupervisor, type Health, type Supervisor } from './supervisor.js'

export interface BotAlert {
  kind: 'logout' | 'silent' | 'start_failed'
  bot: string
  at: string
  /** ready to post to an organizers' group robot */
  text: string
}

export interface WechatyBotOptions {
  /** also Wechaty's name, under which the puppet keeps its login: one per account */
  name: string
  /** the bot account (XUEFA_BOT_ACCOUNTS) this bot is: incoming messages carry it */
  account?: string
  /** a puppet instance (createXuefa({ puppet })); otherwise Wechaty builds the one named below */
  puppet?: unknown
  /** WECHATY_PUPPET and WECHATY_PUPPET_SERVICE_TOKEN, passed from the config */
  puppetName?: string
  puppetToken?: string
  db: Db
  logger: Logger
  clock: Clock
  onMessage(message: IncomingMessage, actions: ContactActions): Promise<void>
  onAlert?(alert: BotAlert): void | Promise<void>
  /** least time between two sends of this account (default 1000 ms) */
  minSendIntervalMs?: number
  pacer?: Pacer
  heartbeatTimeoutMs?: number
  heartbeatCheckMs?: number
  reconnect?: { initialMs: number; maxMs: number }
  /** where the terminal QR goes (default: stderr); tests pass a no-op */
  printQr?(qrText: string): void
  /** monotonic ms for the watchdog (default performance.now) */
  monotonicNow?(): number
  channelName?: string
}

export interface WechatyBot {
  readonly name: string
  start(): Promise<void>
  stop(): Promise<void>
  readonly channel: Channel
  status(): BotStatus
  /** the current Wechaty instance (for tests and diagnostics) */
  readonly wechaty: Wechaty
  readonly supervisor: Supervisor
}

export function createWechatyBot(o: WechatyBotOptions): WechatyBot {
  const { logger: parentLogger, clock } = o
  const logger = parentLogger.child({ component: 'wechaty', bot: o.name })
  const channelName = o.channelName ?? 'wechaty'
  let state: BotState = 'stopped'
  let since = clock.now().toISOString()
  let lastEventAt: string | null = null
  let qr: { text: string; svg: string } | null = null
  let quiet = false // our own stop/restart: not a logout to alert about
  const bot: Wechaty = WechatyBuilder.build({
    name: o.name,
    ...(o.puppet ? { puppet: o.puppet as never } : o.puppetName ? { puppet: o.puppetName as never } : {}),
    ...(o.puppetToken ? { puppetOptions: { token: o.puppetToken } } : {}),
  })
  const setState = (s: BotState) => {
    state = s
    since = clock.now().toISOString()
  }
  const alert = (kind: BotAlert['kind'], text: string) => {
    logger.error({ event: 'alert', kind }, 'wechaty alert to organizers')
    void Promise.resolve(o.onAlert?.({ kind, bot: o.name, at: clock.now().toISOString(), text })).catch((err: unknown) =>
      logger.error({ err }, 'wechaty alert callback failed'),
    )
  }
  const health = (): Health => (state === 'logged_in' ? 'up' : state === 'logged_out' || state === 'error' ? 'down' : 'waiting')
  const supervisor = createSupervisor({
    heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? 5 * 60_000,
    checkEveryMs: o.heartbeatCheckMs ?? 30_000,
    backoff: o.reconnect ?? { initialMs: 5_000, maxMs: 10 * 60_000 },
    now: o.monotonicNow ?? (() => performance.now()),
    health,
    logger,
    onSilent: (ms) => alert('silent', ALERTS.alertSilent(o.name, Math.round(ms / 60_000))),
    restart: async () => {
      quiet = true
      try {
        await bot.stop().catch((err: unknown) => logger.warn({ err: errText(err) }, 'wechaty stop before restart failed'))
        setState('starting')
        await bot.start()
      } finally {
        quiet = false
      }
    },
  })
  const touch = () => {
    lastEventAt = clock.now().toISOString()
    supervisor.touch()
  }

  bot.on('scan', (qrcode, status) => {
    touch()
    logger.info({ event: 'scan', status: types.ScanStatus[status] }, 'wechaty login QR')
    if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
      qr = { text: qrcode, svg: qrSvg(qrcode) }
      setState('waiting_scan')
      ;(o.printQr ?? ((t) => process.stderr.write(`${qrTerminal(t)}\n`)))(qrcode)
    }
  })
  bot.on('login', () => {
    touch()
    qr = null
    setState('logged_in')
    supervisor.reset()
    logger.info({ event: 'login' }, 'wechaty logged in')
  })
  bot.on('logout', (_user, reason) => {
    touch()
    if (quiet) return
    setState('logged_out')
    logger.warn({ event: 'logout', reason: reason ?? null }, 'wechaty logged out')
    alert('logout', ALERTS.alertLogout(o.name))
    supervisor.reconnectSoon('logout')
  })
  bot.on('error', (err) => {
    touch()
    logger.warn({ event: 'error', err: errText(err) }, 'wechaty error')
  })
  bot.on('heartbeat', () => touch())
  bot.on('message', async (m) => {
    touch()
    try {
      const incoming = await toIncomingMessage(bot, m, channelName)
      if (incoming) await o.onMessage({ ...incoming, account: o.account ?? 'default' }, contactActions(m.talker()))
    } catch (err) {
      logger.error({ event: 'message_failed', messageId: m.id, err: errText(err) }, 'wechaty message not handled')
    }
  })

  const pacer = o.pacer ?? createPacer({ minIntervalMs: o.minSendIntervalMs ?? 1000, clock })
  const channel = createWechatyChannel({ bot: () => bot, db: o.db, pacer, logger, name: channelName })

  return {
    name: o.name,
    channel,
    wechaty: bot,
    supervisor,
    async start() {
      setState('starting')
      supervisor.start()
      try {
        await bot.start()
        logger.info({ event: 'started' }, 'wechaty started')
      } catch (err) {
        // the HTTP server and the scheduler keep running without the bot
        setState('error')
        logger.error({ event: 'start_failed', err: errText(err) }, 'wechaty did not start')
        alert('start_failed', ALERTS.alertStartFailed(o.name))
        supervisor.reconnectSoon('start_failed')
      }
    },
    async stop() {
      supervisor.stop()
      quiet = true
      await bot.stop().catch((err: unknown) => logger.warn({ err: errText(err) }, 'wechaty stop failed'))
      setState('stopped')
    },
    status: () => ({
      name: o.name,
      account: o.account ?? 'default',
      state,
      qr: qr?.text ?? null,
      qrSvg: qr?.svg ?? null,
      since,
      lastEventAt,
      reconnectAttempts: supervisor.attempts,
    }),
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
