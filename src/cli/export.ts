import { Command } from 'commander'
import { isAppError } from '../errors.js'
import { collectLedger } from '../reports/ledger.js'
import { LEDGER_FORMATS, renderLedger, type LedgerFormat } from '../reports/render.js'
import { CliExit, withContext } from './context.js'
import { parseChoice, parseYear } from './report-args.js'
import { emit } from './report.js'

interface LedgerOptions {
  year?: string
  unit?: string
  format: string
  out?: string
}

export function exportCommand(): Command {
  const exp = new Command('export').description('export records')
  exp
    .command('ledger')
    .description('the 台账: every session, attendance mark, quiz and exam result behind the annual report')
    .option('--year <year>', 'the calendar year, cut at midnight in XUEFA_TZ (required)')
    .option('--unit <code>', 'this unit and every unit below it (default: the whole deployment)')
    .option('--format <format>', `one of ${LEDGER_FORMATS.join(', ')}`, 'xlsx')
    .option('--out <file>', 'the file to write (required)')
    .addHelpText(
      'after',
      '\nxlsx has one sheet per kind of record; csv puts them in sections of one file, with a BOM so Excel reads it as UTF-8.',
    )
    .action(async (opts: LedgerOptions) => {
      const year = parseYear(opts.year)
      const format = parseChoice<LedgerFormat>('format', opts.format, LEDGER_FORMATS)
      if (!opts.out) throw new CliExit(1, '--out FILE is required')
      const out = opts.out
      await withContext(async ({ db, config }) => {
        try {
          const ledger = await collectLedger(db, { year, unitCode: opts.unit, tz: config.XUEFA_TZ })
          await emit(await renderLedger(ledger, format), out)
        } catch (e) {
          if (isAppError(e)) throw new CliExit(1, e.message)
          throw e
        }
      })
    })
  return exp
}
