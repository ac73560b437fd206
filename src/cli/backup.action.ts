import { backupDatabase } from '../storage/backup.js'
import { withContext } from './context.js'
import type { CliIo } from './io.js'

export async function runBackup(io: CliIo, file: string): Promise<void> {
  await withContext(io, async ({ db }) => {
    const path = await backupDatabase(db, file)
    io.stdout.write(`已备份到 ${path}\n`)
  })
}
