import { writeFile } from 'node:fs/promises'
import { Command } from 'commander'
import { isAppError } from '../errors.js'
import { buildAnnualReport } from '../reports/report.service.js'
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../reports/render.js'
import { CliExit, withContext } from './context.js'
import { parseChoice, parseYear } from './report-args.js'

interface ReportOptions {
  year?: string
  unit?: string
  format: string
  out?: string
}

export function reportCommand(): Command {
  return new Command('report')
    .description('the annual report of a unit and the units below it: figures, targets, the year before, and the narrative paragraphs')
    .option('--year <year>', 'the calendar year, cut at midnight in XUEFA_TZ (required)')
    .option('--unit <code>', 'this unit and every unit below it (default: the whole deployment)')
    .option('--format <format>', `one of ${REPORT_FORMATS.join(', ')}`, 'json')
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      '\njson and md go to stdout unless --out is given. docx is binary: give --out, or pipe stdout\n' +
        '(it is refused on a terminal).\n\nExample: xuefa report --year 2024 --unit PL --format docx --out report.docx',
    )
    .action(async (opts: ReportOptions) => {
      const year = parseYear(opts.year)
      const format = parseChoice<ReportFormat>('format', opts.format, REPORT_FORMATS)
      if (format === 'docx' && !opts.out && process.stdout.isTTY) {
        throw new CliExit(1, '--format docx writes a binary file: give --out FILE or redirect stdout')
      }
      await withContext(async ({ db, config }) => {
        try {
          const report = await buildAnnualReport(db, { year, unitCode: opts.unit, tz: config.XUEFA_TZ })
          await emit(await renderReport(report, format), opts.out)
        } catch (e) {
          if (isAppError(e)) throw new CliExit(1, e.message)
          throw e
        }
      })
    })
}

/** Writes to the file, or to stdout; a file gets a line on stderr saying where it went. */
export async function emit(file: { body: string | Buffer }, out: string | undefined): Promise<void> {
  if (out) {
    await writeFile(out, file.body)
    process.stderr.write(`已写入 ${out}\n`)
    return
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(file.body, (e) => (e ? reject(e) : resolve())))
}
