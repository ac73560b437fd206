import { Command, Option } from 'commander'
import type { CliIo } from './io.js'
import type { TokenCreateOptions } from './token.action.js'

export function tokenCommand(io: CliIo): Command {
  const token = new Command('token').description('API tokens (stored hashed; shown once)')
  token
    .command('create')
    .description('create an API token and print it once')
    .addOption(
      new Option('--role <role>', 'admin, organizer or reporter').choices(['admin', 'organizer', 'reporter']).makeOptionMandatory(),
    )
    .option('--unit <code>', 'limit the token to this unit and the units below it (required for organizer)')
    .option('--label <text>', 'a note saying who holds the token')
    .option('--expires-in-days <n>', 'expire after n days', (v) => Number.parseInt(v, 10))
    .action(async (opts: TokenCreateOptions) => (await import('./token.action.js')).runTokenCreate(io, opts))
  return token
}
