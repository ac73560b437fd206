import { loadConfig, ConfigError, type Config } from '../config.js'
import { openDb, type Db } from '../storage/db.js'
import { runMigrations } from '../storage/migrate.js'
import { systemClock, type Clock } from '../clock.js'
import { createLogger, type Logger } from '../log.js'

export interface CliContext {
  config: Config
  db: Db
  clock: Clock
  logger: Logger
}

/** Exit codes: 1 = the input was refused (bad rows, bad arguments), 2 = bad configuration. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message)
  }
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(2, e.message)
    throw e
  }
}

/** Opens the configured database (migrated), runs `fn`, closes it. */
export async function withContext<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = readConfig()
  const logger = createLogger(config.XUEFA_LOG_LEVEL === 'info' ? 'warn' : config.XUEFA_LOG_LEVEL)
  const db = await openDb(config.XUEFA_DB_URL, { authToken: config.XUEFA_DB_AUTH_TOKEN })
  try {
    await runMigrations(db, systemClock)
    return await fn({ config, db, clock: systemClock, logger })
  } finally {
    db.close()
  }
}
