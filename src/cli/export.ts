import { Command, Option } from 'commander'
import { LEDGER_FORMATS } from '../reports/formats.js'
import type { CliIo } from './io.js'
import type { LedgerOptions } from './export.action.js'

export function exportCommand(io: CliIo): Command {
  const exp = new Command('export').description('export records')
  exp
    .command('ledger')
    .description('the 台账: every session, attendance mark, quiz and exam result behind the annual report')
    .option('--year <year>', 'the calendar year, cut at midnight in XUEFA_TZ (required)')
    .option('--unit <code>', 'this unit and every unit below it (default: the whole deployment)')
    .addOption(new Option('--format <format>', 'the format written').choices(LEDGER_FORMATS).default('xlsx'))
    .option('--out <file>', 'the file to write (required)')
    .addHelpText(
      'after',
      '\nxlsx has one sheet per kind of record; csv puts them in sections of one file, with a BOM so Excel reads it as UTF-8.',
    )
    .action(async (opts: LedgerOptions) => (await import('./export.action.js')).runExportLedger(io, opts))
  return exp
}
