import { backupDatabase } from '../storage/backup.js'
import { isAppError } from '../errors.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export async function runBackup(io: CliIo, file: string): Promise<void> {
  await withContext(io, async ({ db }) => {
    try {
      const path = await backupDatabase(db, file)
      io.stdout.write(`已备份到 ${path}\n`)
    } catch (e) {
      if (isAppError(e)) throw new CliExit(1, e.message)
      throw e
    }
  })
}
