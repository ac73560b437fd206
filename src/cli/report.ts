import { Command, Option } from 'commander'
import { REPORT_FORMATS, ROLLUP_FORMATS } from '../reports/formats.js'
import type { CliIo } from './io.js'
import type { ReportOptions } from './report.action.js'
import type { RollupOptions } from './rollup.action.js'

export function reportCommand(io: CliIo): Command {
  // its options are its own, so that `report rollup --year` reaches the subcommand (the program enables this too)
  const report = new Command('report')
    .enablePositionalOptions()
    .description('the annual report of a unit and the units below it: figures, targets, the year before, and the narrative paragraphs')
    .option('--year <year>', 'the calendar year, cut at midnight in XUEFA_TZ (required)')
    .option('--unit <code>', 'this unit and every unit below it (default: the whole deployment)')
    .addOption(new Option('--format <format>', 'the format written').choices(REPORT_FORMATS).default('json'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option(
      '--rounded',
      'write the head counts of trainings and lectures the way the seeds do (「300余人次」「百余人」) instead of exactly',
    )
    .addHelpText(
      'after',
      '\njson and md go to stdout unless --out is given. docx is binary: give --out, or pipe stdout\n' +
        '(it is refused on a terminal).\n\nExample: xuefa report --year 2024 --unit PL --format docx --out report.docx',
    )
    .action(async (opts: ReportOptions) => (await import('./report.action.js')).runReport(io, opts))
  report.addCommand(
    new Command('rollup')
      .description(
        "the province roll-up: each county's figures (a namespace of this libSQL server, listed by `xuefa county add`) and their total",
      )
      .option('--year <year>', 'the calendar year, cut at midnight in XUEFA_TZ (required)')
      .addOption(new Option('--format <format>', 'the format written').choices(ROLLUP_FORMATS).default('json'))
      .option('--out <file>', 'write to this file instead of stdout')
      .addHelpText(
        'after',
        '\nPerson-times are summed; people are counted once across counties (the same 编号 with the same 姓名 in two\n' +
          "counties' rosters is one person, who moved); rates are recomputed from the totals.\n\nExample: xuefa report rollup --year 2024 --format md",
      )
      .action(async (opts: RollupOptions) => (await import('./rollup.action.js')).runRollup(io, opts)),
  )
  return report
}
