import { Command } from 'commander'
import { openDb } from '../storage/db.js'
import { appliedMigrations } from '../storage/migrate.js'
import { prepareDatabase } from '../prepare.js'
import { createLogger } from '../log.js'
import { systemClock } from '../clock.js'
import { readConfig } from './context.js'

export function migrateCommand(): Command {
  return new Command('migrate').description('apply pending database migrations and exit').action(async () => {
    const config = readConfig()
    const db = await openDb(config.XUEFA_DB_URL, { authToken: config.XUEFA_DB_AUTH_TOKEN })
    try {
      const { applied, bank } = await prepareDatabase(db, { config, clock: systemClock, logger: createLogger('warn') })
      const all = await appliedMigrations(db)
      process.stdout.write(applied.length ? `已应用迁移: ${applied.join(', ')}\n` : `数据库已是最新 (${all.length} 个迁移)\n`)
      if (bank.status === 'loaded') {
        process.stdout.write(
          `已载入入门题库: 新增 ${bank.questions.inserted} 题，更新 ${bank.questions.updated} 题，学习材料 ${bank.materials} 份\n`,
        )
      }
    } finally {
      db.close()
    }
  })
}
