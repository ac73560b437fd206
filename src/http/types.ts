import type { Db } from '../storage/db.js'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'

export type Role = 'admin' | 'organizer' | 'reporter'

/** Who is calling: set by the auth middleware on every /api route. */
export interface AuthInfo {
  tokenId: number
  role: Role
  /** null for an unscoped token (admin, or a county-wide reporter): sees every unit */
  unitCode: string | null
}

export type AppEnv = {
  Variables: {
    requestId: string
    auth: AuthInfo
    logger: Logger
  }
}

/** What route factories get. Views and routes receive data, never build clients. */
export interface HttpDeps {
  db: Db
  clock: Clock
  config: Config
  logger: Logger
}
