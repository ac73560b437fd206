import { Command } from 'commander'
import type { CliIo } from './io.js'
import type { LinksRevokeOptions } from './links.action.js'

export function linksCommand(io: CliIo): Command {
  const links = new Command('links').description('personal links to the mobile page (signed, expiring, one person’s)')
  links
    .command('revoke')
    .description('refuse every link of one official issued up to now (a lost phone, a forwarded message)')
    .requiredOption('--official <id>', 'the official whose links stop working')
    .action(async (opts: LinksRevokeOptions) => (await import('./links.action.js')).runLinksRevoke(io, opts))
  return links
}
