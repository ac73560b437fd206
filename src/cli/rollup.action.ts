import { buildRollup } from '../reports/rollup.service.js'
import { renderRollup } from '../reports/render-rollup.js'
import type { RollupFormat } from '../reports/formats.js'
import { withContext } from './context.js'
import type { CliIo } from './io.js'
import { emit } from './report.action.js'
import { parseYear } from './report-args.js'

export interface RollupOptions {
  year?: string
  format: RollupFormat
  out?: string
}

export async function runRollup(io: CliIo, opts: RollupOptions): Promise<void> {
  const year = parseYear(opts.year)
  await withContext(io, async ({ db, config, openCounty }) => {
    const rollup = await buildRollup({ db, openCounty }, { year, tz: config.XUEFA_TZ })
    await emit(io, renderRollup(rollup, opts.format), opts.out)
  })
}
