import { Command } from 'commander'
import { DEFAULT_BIND_CODE_DAYS } from '../roster/binding.service.js'
import type { CliIo } from './io.js'
import type { BindCodesOptions } from './bind-codes.action.js'

export function bindCodesCommand(io: CliIo): Command {
  return new Command('bind-codes')
    .description(
      'one-time chat binding codes for officials not yet bound, as CSV official_id,name,code,expires_at,account (the bot account to add, balanced over XUEFA_BOT_ACCOUNTS)',
    )
    .option('--unit <code>', 'only this unit and the units below it')
    .requiredOption('--out <file>', 'the CSV file to write')
    .option('--valid-days <n>', `days the codes stay valid (default ${DEFAULT_BIND_CODE_DAYS})`, (v) => Number.parseInt(v, 10))
    .action(async (opts: BindCodesOptions) => (await import('./bind-codes.action.js')).runBindCodes(io, opts))
}
