import { collectLedger } from '../reports/ledger.js'
import { renderLedger } from '../reports/render.js'
import type { LedgerFormat } from '../reports/formats.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'
import { parseYear } from './report-args.js'
import { emit } from './report.action.js'

export interface LedgerOptions {
  year?: string
  unit?: string
  format: LedgerFormat
  out?: string
}

export async function runExportLedger(io: CliIo, opts: LedgerOptions): Promise<void> {
  const year = parseYear(opts.year)
  if (!opts.out) throw new CliExit(1, '请用 --out 文件名 指定台账的保存位置，例如 --out 台账.xlsx')
  const out = opts.out
  await withContext(io, async ({ db, config }) => {
    const ledger = await collectLedger(db, { year, unitCode: opts.unit, tz: config.XUEFA_TZ })
    await emit(io, await renderLedger(ledger, opts.format), out)
  })
}
