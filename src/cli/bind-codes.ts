import { writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { findUnit } from '../roster/units.repo.js'
import { DEFAULT_BIND_CODE_DAYS, issueBindCodes, type IssuedCode } from '../roster/binding.service.js'
import { formatLocal } from '../calendar.js'
import { CliExit, withContext } from './context.js'

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** CONTRACT §1: `official_id,name,code,expires_at`; expires_at in the deployment's time zone. */
export function bindCodesCsv(codes: IssuedCode[], tz: string): string {
  const rows = codes.map((c) => [c.officialId, c.name, c.code, formatLocal(new Date(c.expiresAt), tz)].map(csvCell).join(','))
  return `${['official_id,name,code,expires_at', ...rows].join('\n')}\n`
}

export function bindCodesCommand(): Command {
  return new Command('bind-codes')
    .description('one-time chat binding codes for officials not yet bound, as CSV official_id,name,code,expires_at')
    .option('--unit <code>', 'only this unit and the units below it')
    .requiredOption('--out <file>', 'the CSV file to write')
    .option('--valid-days <n>', `days the codes stay valid (default ${DEFAULT_BIND_CODE_DAYS})`, (v) => Number.parseInt(v, 10))
    .action(async (opts: { unit?: string; out: string; validDays?: number }) => {
      if (opts.validDays !== undefined && !(opts.validDays > 0)) throw new CliExit(1, '--valid-days must be a positive whole number')
      await withContext(async ({ db, clock, config }) => {
        if (opts.unit !== undefined && !(await findUnit(db, opts.unit))) throw new CliExit(1, `unit ${opts.unit} does not exist`)
        const codes = await issueBindCodes({ db, clock }, { unitCode: opts.unit, validDays: opts.validDays }, { actor: 'cli' })
        writeFileSync(opts.out, `\uFEFF${bindCodesCsv(codes, config.XUEFA_TZ)}`, 'utf8')
        process.stderr.write(`已生成 ${codes.length} 个绑定码，写入 ${opts.out}。每个绑定码只能使用一次，请分别发给本人。\n`)
      })
    })
}
