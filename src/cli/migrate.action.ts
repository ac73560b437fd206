import { appliedMigrations } from '../storage/migrate.js'
import { withContext } from './context.js'
import type { CliIo } from './io.js'

export async function runMigrate(io: CliIo): Promise<void> {
  await withContext(
    io,
    async ({ db, applied, bank }) => {
      const all = await appliedMigrations(db)
      io.stdout.write(applied.length ? `已应用迁移: ${applied.join(', ')}\n` : `数据库已是最新 (${all.length} 个迁移)\n`)
      if (bank?.status === 'loaded') {
        io.stdout.write(
          `已载入入门题库: 新增 ${bank.questions.inserted} 题，更新 ${bank.questions.updated} 题，学习材料 ${bank.materials} 份\n`,
        )
      }
    },
    { starterBank: true },
  )
}
