import { Command } from 'commander'
import { backupDatabase } from '../storage/backup.js'
import { isAppError } from '../errors.js'
import { CliExit, withContext } from './context.js'

export function backupCommand(): Command {
  return new Command('backup')
    .description('write a consistent copy of the database to FILE, safe while the server runs')
    .argument('<file>', 'the new backup file (must not exist)')
    .addHelpText('after', '\nRestore: stop xuefa, replace the database file with the backup (remove its -wal/-shm files), start xuefa.')
    .action(async (file: string) => {
      await withContext(async ({ db }) => {
        try {
          const path = await backupDatabase(db, file)
          process.stdout.write(`已备份到 ${path}\n`)
        } catch (e) {
          if (isAppError(e)) throw new CliExit(1, e.message)
          throw e
        }
      })
    })
}
