import { loadConfig, type Config } from './config.js'
import { openConfiguredDb, type Db } from './storage/db.js'
import { runMigrations } from './storage/migrate.js'
import type { BankLoad } from './imports/bank.service.js'
import { systemClock, type Clock } from './clock.js'
import { createLogger, type Logger } from './log.js'
import { AppError } from './errors.js'
import type { OpenCounty } from './reports/rollup.service.js'

/**
 * What a one-shot command (`xuefa import`, `report`, `token` …) runs in; `close()` closes the database. A composition
 * root of its own, apart from src/main.ts, so that a command loads none of the HTTP app, the chat or the scheduler.
 */
export interface XuefaContext {
  config: Config
  db: Db
  clock: Clock
  logger: Logger
  /** the migrations this open applied */
  applied: string[]
  /** the starter bank's load, when asked for */
  bank: BankLoad | undefined
  /** opens a county's database for the province roll-up (countyOpener) */
  openCounty: OpenCounty
  close(): void
}

/**
 * A county of the province roll-up: the namespace of that name on the province's own libSQL server (XUEFA_DB_URL, with
 * the same token). A `file:` database has no namespaces, so there the roll-up is refused.
 */
export function countyOpener(config: Config): OpenCounty {
  return async (namespace) => {
    if (config.XUEFA_DB_URL.startsWith('file:'))
      throw new AppError(
        'INVALID_INPUT',
        'the roll-up reads each county from a namespace of a libSQL server: XUEFA_DB_URL must be http://, https:// or libsql://',
      )
    return openConfiguredDb({ ...config, XUEFA_DB_NAMESPACE: namespace })
  }
}

/**
 * The configuration read from `env`, the database opened and migrated, the system clock and a logger (JSON lines on
 * `logTo`, default stderr) that keeps to warnings unless XUEFA_LOG_LEVEL asks for more detail than `info`. With
 * `starterBank`, the starter question bank is loaded as on every start (what `xuefa migrate` does).
 */
export async function openXuefaContext(
  env: Record<string, string | undefined>,
  o: { starterBank?: boolean; logTo?: NodeJS.WritableStream } = {},
): Promise<XuefaContext> {
  const config = loadConfig(env)
  const clock = systemClock
  const logger = createLogger(config.XUEFA_LOG_LEVEL === 'info' ? 'warn' : config.XUEFA_LOG_LEVEL, o.logTo)
  const db = await openConfiguredDb(config, { onSyncError: (err) => logger.warn({ err }, 'replica sync failed') })
  try {
    const prepared = o.starterBank
      ? // the bank's loader brings the importers (and csv-parse): loaded only by the command that asks for it
        await (await import('./prepare.js')).prepareDatabase(db, { config, clock, logger })
      : { applied: await runMigrations(db, clock), bank: undefined }
    return { config, db, clock, logger, ...prepared, openCounty: countyOpener(config), close: () => db.close() }
  } catch (e) {
    db.close()
    throw e
  }
}
