import { writeFile } from 'node:fs/promises'
import { buildAnnualReport } from '../reports/report.service.js'
import { renderReport } from '../reports/render.js'
import type { ReportFormat } from '../reports/formats.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'
import { parseYear } from './report-args.js'

export interface ReportOptions {
  year?: string
  unit?: string
  format: ReportFormat
  out?: string
  rounded?: boolean
}

export async function runReport(io: CliIo, opts: ReportOptions): Promise<void> {
  const year = parseYear(opts.year)
  if (opts.format === 'docx' && !opts.out && io.stdout.isTTY) {
    throw new CliExit(1, 'Word 文件（--format docx）不能直接显示在终端里：请用 --out 文件名 指定保存位置，例如 --out 报告.docx')
  }
  await withContext(io, async ({ db, config }) => {
    const report = await buildAnnualReport(db, { year, unitCode: opts.unit, tz: config.XUEFA_TZ, rounded: opts.rounded === true })
    await emit(io, await renderReport(report, opts.format), opts.out)
  })
}

/** Writes to the file, or to stdout; a file gets a line on stderr saying where it went. */
export async function emit(io: CliIo, file: { body: string | Buffer }, out: string | undefined): Promise<void> {
  if (out) {
    await writeFile(out, file.body)
    io.stderr.write(`已写入 ${out}\n`)
    return
  }
  await new Promise<void>((resolve, reject) => io.stdout.write(file.body, (e) => (e ? reject(e) : resolve())))
}
