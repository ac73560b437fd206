import { Command } from 'commander'
import type { CliIo } from './io.js'
import type { CapacityOptions } from './capacity.action.js'

export function capacityCommand(io: CliIo): Command {
  return new Command('capacity')
    .description(
      "how long a unit's or a planned session's notices take to go out at the bot accounts' pacing, the messages it will send and the day's cap left",
    )
    .requiredOption('--unit <code>', 'the unit (and the units below it)')
    .option('--session <id>', 'a planned session of the unit: its audience, when its notice goes and the deadline it must beat')
    .option('--date <YYYY-MM-DD>', "the day whose cap is counted (default: the notice's day, or today)")
    .option('--json', 'the figures as JSON')
    .action(async (opts: CapacityOptions) => (await import('./capacity.action.js')).runCapacity(io, opts))
}
