import type { Db } from './storage/db.js'
import { runMigrations } from './storage/migrate.js'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Logger } from './log.js'
import { loadStarterBank, type BankLoad } from './imports/bank.service.js'

/** What `xuefa migrate` and every start do: pending migrations, then the starter bank (unless XUEFA_BANK=off). */
export async function prepareDatabase(
  db: Db,
  o: { config: Config; clock: Clock; logger: Logger },
): Promise<{ applied: string[]; bank: BankLoad }> {
  const applied = await runMigrations(db, o.clock)
  if (applied.length) o.logger.info({ applied }, 'migrations applied')
  const bank = await loadStarterBank(db, { tz: o.config.XUEFA_TZ, clock: o.clock, bank: o.config.XUEFA_BANK })
  if (bank.status === 'loaded') o.logger.info({ questions: bank.questions, materials: bank.materials }, 'starter question bank loaded')
  return { applied, bank }
}
