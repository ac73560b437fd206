import { Command } from 'commander'
import type { CliIo } from './io.js'

export function backupCommand(io: CliIo): Command {
  return new Command('backup')
    .description('write a consistent copy of the database to FILE, safe while the server runs')
    .argument('<file>', 'the new backup file (must not exist)')
    .addHelpText('after', '\nRestore: stop xuefa, replace the database file with the backup (remove its -wal/-shm files), start xuefa.')
    .action(async (file: string) => (await import('./backup.action.js')).runBackup(io, file))
}
