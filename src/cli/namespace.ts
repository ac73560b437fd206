import { Command } from 'commander'
import type { CliIo } from './io.js'
import type { NamespaceCreateOptions } from './namespace.action.js'

export function namespaceCommand(io: CliIo): Command {
  const namespace = new Command('namespace').description(
    'databases of a libSQL server with namespaces (sqld --enable-namespaces): one per county',
  )
  namespace
    .command('create')
    .description(
      "create a namespace through the server's admin API (XUEFA_DB_ADMIN_URL, XUEFA_DB_ADMIN_TOKEN), then migrate it and load the starter bank as `xuefa migrate` does",
    )
    .argument('<name>', 'lower-case letters, digits and - (a host name label), e.g. pingluo')
    .option('--county', "also list it as a county of this database's roll-up (`xuefa county add`)")
    .addHelpText('after', '\nExample: XUEFA_DB_NAMESPACE=province xuefa namespace create pingluo --county')
    .action(async (name: string, opts: NamespaceCreateOptions) =>
      (await import('./namespace.action.js')).runNamespaceCreate(io, name, opts),
    )
  return namespace
}
