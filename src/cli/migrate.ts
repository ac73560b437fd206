import { Command } from 'commander'
import { openDb } from '../storage/db.js'
import { appliedMigrations, runMigrations } from '../storage/migrate.js'
import { systemClock } from '../clock.js'
import { readConfig } from './context.js'

export function migrateCommand(): Command {
  return new Command('migrate').description('apply pending database migrations and exit').action(async () => {
    const config = readConfig()
    const db = await openDb(config.XUEFA_DB_URL, { authToken: config.XUEFA_DB_AUTH_TOKEN })
    try {
      const applied = await runMigrations(db, systemClock)
      const all = await appliedMigrations(db)
      process.stdout.write(
        applied.length ? `已应用迁移: ${applied.join(', ')}\n` : `数据库已是最新 (${all.length} 个迁移)\n`,
      )
    } finally {
      db.close()
    }
  })
}
