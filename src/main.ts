import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { loadConfig, publicBaseUrl, type Config } from './config.js'
import { openConfiguredDb, type Db } from './storage/db.js'
import { prepareDatabase } from './prepare.js'
import { systemClock, type Clock } from './clock.js'
import { createLogger, type Logger } from './log.js'
import { createHttpApp } from './http/app.js'
import type { HttpDeps } from './http/common/types.js'
import type { WechatyBot } from '../bots/wechaty/bot.js'
import type { Chat } from './chat/create-chat.js'
import type { Scheduler } from './scheduler/scheduler.js'
import type { DeliveryService } from './delivery/delivery.service.js'
import { createBackground, type BackgroundOptions } from './background.js'
import { countyOpener } from './context.js'

export interface XuefaOptions {
  /** libSQL URL; defaults to XUEFA_DB_URL */
  dbUrl?: string
  /** a Wechaty puppet instance; the bot starts only when one is given or configured (the first bot account's) */
  puppet?: unknown
  /**
   * a puppet instance per bot account (XUEFA_BOT_ACCOUNTS), e.g. { a: puppetA, b: puppetB } for tests and the
   * demo; this process runs those of them XUEFA_BOT_RUN allows
   */
  puppets?: Readonly<Record<string, unknown>>
  clock?: Clock
  /** listen only if given (0 = any free port) */
  port?: number
  host?: string
  /** the environment to read the configuration from (default: process.env) */
  env?: Record<string, string | undefined>
  logger?: Logger
  /** how pacers and the outbox wait (default: real timers); the demo advances its manual clock instead */
  sleep?: (ms: number) => Promise<void>
  /** run the job tick and the outbox loop in the background (default true); tests may drive them by hand */
  loops?: boolean
  /** the WeCom / DingTalk applications' platform addresses and throttling hold (tests point them at fake servers) */
  apps?: BackgroundOptions['apps']
}

export interface Xuefa {
  start(): Promise<void>
  stop(): Promise<void>
  fetch(request: Request): Response | Promise<Response>
  readonly db: Db
  readonly config: Config
  readonly clock: Clock
  readonly logger: Logger
  /** the port actually listened on, once started with a port */
  readonly port: number | undefined
  /** the chat bot (the first account's), when a puppet is given or configured and XUEFA_BOT is on */
  readonly bot: WechatyBot | undefined
  /** every bot this process runs, by account */
  readonly bots: ReadonlyMap<string, WechatyBot>
  /** the chat router, whenever XUEFA_BOT is on (WeChat, and the WeCom / DingTalk applications of chat_apps) */
  readonly chat: Chat | undefined
  /** the job runner (runOnce) and the outbox sender (drainOnce), also usable by hand */
  readonly scheduler: Scheduler
  readonly delivery: DeliveryService
}

/** A part with a lifecycle (bot, scheduler): started after migrations, stopped before the database closes. */
export interface Service {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
}

/** The composition root: the only place that builds real clients. */
export async function createXuefa(options: XuefaOptions = {}): Promise<Xuefa> {
  const config = loadConfig({ ...(options.env ?? process.env), ...(options.dbUrl ? { XUEFA_DB_URL: options.dbUrl } : {}) })
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createLogger(config.XUEFA_LOG_LEVEL)
  const db = await openConfiguredDb(config, { onSyncError: (err) => logger.warn({ err }, 'replica sync failed') })
  const background = await createBackground({
    config,
    db,
    clock,
    logger,
    puppet: options.puppet,
    puppets: options.puppets,
    sleep: options.sleep,
    loops: options.loops,
    apps: options.apps,
  })
  const { bot, bots, chat, scheduler, delivery } = background
  const services: Service[] = background.services
  const deps: HttpDeps = { db, clock, config, logger, openCounty: countyOpener(config) }
  const app = createHttpApp(deps, {
    botStatuses: () => [...bots.values()].map((b) => b.status()),
    appCallbacks: background.apps?.callbacks,
  })
  let server: Server | undefined
  let port: number | undefined
  let state: 'new' | 'started' | 'stopped' = 'new'

  return {
    db,
    config,
    clock,
    logger,
    get port() {
      return port
    },
    bot,
    bots,
    chat,
    scheduler,
    delivery,
    fetch: (request) => app.fetch(request),
    async start() {
      if (state !== 'new') throw new Error(`cannot start: already ${state}`)
      state = 'started'
      await prepareDatabase(db, { config, clock, logger })
      // HTTP first: the dashboard (with the bot's login QR) and the API answer while the bot logs in and the
      // scheduler runs what came due during downtime
      if (options.port !== undefined) {
        ;({ server, port } = await listen(app.fetch, options.port, options.host ?? config.HOST))
        logger.info({ port, host: options.host ?? config.HOST }, 'http listening')
      }
      if (!config.XUEFA_PUBLIC_URL)
        logger.warn(
          { linkBase: publicBaseUrl(config) },
          "XUEFA_PUBLIC_URL is unset: personal links in notices point at this server's own address",
        )
      for (const s of services) await s.start()
    },
    async stop() {
      if (state === 'stopped') return
      state = 'stopped'
      // no new requests and no new jobs or sends from here on; what is in hand finishes (bounded)
      await Promise.all([
        server ? closeServer(server) : undefined,
        ...[...services]
          .reverse()
          .map((s) => s.stop().catch((err: unknown) => logger.error({ err, service: s.name }, 'service stop failed'))),
      ])
      // fold the WAL back into the database file, so a clean stop leaves one self-contained file
      await db.checkpoint().catch((err: unknown) => logger.warn({ err }, 'checkpoint on stop failed'))
      db.close()
      logger.info('stopped')
    },
  }
}

function listen(
  fetch: (r: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) => resolve({ server, port: info.port })) as Server
    server.once('error', reject)
  })
}

/** Stops accepting connections and waits for requests in flight (bounded), then drops idle keep-alives. */
function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    // a keep-alive connection that goes idle after its last response must not hold the stop up
    const idle = setInterval(() => server.closeIdleConnections(), 100)
    const timer = setTimeout(() => {
      clearInterval(idle)
      server.closeAllConnections()
      resolve()
    }, graceMs)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      clearInterval(idle)
      resolve()
    })
    server.closeIdleConnections()
  })
}
