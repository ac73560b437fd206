import type { Db } from '../../storage/db.js'
import type { Clock } from '../../clock.js'
import type { Config } from '../../config.js'
import type { Logger } from '../../log.js'
import type { Actor } from '../../storage/audit.repo.js'
import type { BotStatus } from '../../delivery/bot-state.js'
import type { OpenCounty } from '../../reports/rollup.service.js'

export type Role = 'admin' | 'organizer' | 'reporter'

/** Who is calling: set by the auth middleware on every /api route. */
export interface AuthInfo {
  tokenId: number
  role: Role
  /** null for an unscoped token (admin, or a county-wide reporter): sees every unit */
  unitCode: string | null
}

export type AppEnv = {
  /** set by @hono/node-server (the client's socket); tests pass it to app.request() */
  Bindings: {
    incoming?: { socket?: { remoteAddress?: string } }
  }
  Variables: {
    requestId: string
    auth: AuthInfo
    logger: Logger
    /** the client address (see client-address.ts), or null when unknown */
    clientIp: string | null
  }
}

/** What route factories get. Views and routes receive data, never build clients. */
export interface HttpDeps {
  db: Db
  clock: Clock
  config: Config
  logger: Logger
  /** opens a county's database for the province roll-up (context.ts countyOpener); without it the roll-up is refused (400) */
  openCounty?: OpenCounty
}

/** The audit actor of an authenticated request: token, client address, request id. */
export function actorOf(c: { get(key: 'auth'): AuthInfo; get(key: 'clientIp'): string | null; get(key: 'requestId'): string }): Actor {
  return { actor: `token:${c.get('auth').tokenId}`, ip: c.get('clientIp'), requestId: c.get('requestId') }
}

/** null when the server runs without a bot (XUEFA_BOT=off, or no puppet). */
export type BotStatusSource = () => BotStatus | null

/** Every bot account this process runs, in the configured order (empty without a bot). */
export type BotStatusesSource = () => BotStatus[]
