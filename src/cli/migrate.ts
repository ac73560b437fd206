import { Command } from 'commander'
import type { CliIo } from './io.js'

export function migrateCommand(io: CliIo): Command {
  return new Command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => (await import('./migrate.action.js')).runMigrate(io))
}
