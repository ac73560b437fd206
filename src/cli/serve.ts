import { Command } from 'commander'
import type { CliIo } from './io.js'

export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description('HTTP server + chat bot + scheduler on the configured database (what `npm start` runs)')
    .action(async () => (await import('./serve.action.js')).runServe(io))
}
