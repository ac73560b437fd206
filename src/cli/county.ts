import { Command } from 'commander'
import type { CliIo } from './io.js'

export function countyCommand(io: CliIo): Command {
  const county = new Command('county').description(
    "the counties of this database's province roll-up (`xuefa report rollup`): namespaces of the same libSQL server",
  )
  county
    .command('add')
    .description('list a county (a namespace already created and migrated, e.g. by `xuefa namespace create`) at the end')
    .argument('<namespace>', 'the county’s namespace')
    .action(async (namespace: string) => (await import('./county.action.js')).runCountyAdd(io, namespace))
  county
    .command('remove')
    .description('take a county off the list (its database is left as it is)')
    .argument('<namespace>', 'the county’s namespace')
    .action(async (namespace: string) => (await import('./county.action.js')).runCountyRemove(io, namespace))
  county
    .command('list')
    .description('the counties, in the order of the roll-up')
    .action(async () => (await import('./county.action.js')).runCountyList(io))
  return county
}
