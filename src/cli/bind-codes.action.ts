import { writeFileSync } from 'node:fs'
import { findUnit } from '../roster/units.repo.js'
import { issueBindCodes, type IssuedCode } from '../roster/binding.service.js'
import { formatLocal } from '../calendar.js'
import { csvRow } from '../csv.js'
import { withContext } from './context.js'
import { CLI } from './copy.zh.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface BindCodesOptions {
  unit?: string
  out: string
  validDays?: number
}

/**
 * CONTRACT §1: `official_id,name,code,expires_at`, extended with `account`, the bot account (XUEFA_BOT_ACCOUNTS)
 * the person is asked to add and write 绑定 to; expires_at in the deployment's time zone.
 */
export function bindCodesCsv(codes: IssuedCode[], tz: string): string {
  const rows = codes.map((c) => csvRow([c.officialId, c.name, c.code, formatLocal(new Date(c.expiresAt), tz), c.account]))
  return `${['official_id,name,code,expires_at,account', ...rows].join('\n')}\n`
}

export async function runBindCodes(io: CliIo, opts: BindCodesOptions): Promise<void> {
  if (opts.validDays !== undefined && !(opts.validDays > 0)) throw new CliExit(1, CLI.positiveWhole('--valid-days'))
  await withContext(io, async ({ db, clock, config }) => {
    if (opts.unit !== undefined && !(await findUnit(db, opts.unit))) throw new CliExit(1, CLI.unitNotFound(opts.unit))
    const codes = await issueBindCodes(
      { db, clock },
      { unitCode: opts.unit, validDays: opts.validDays, accounts: config.XUEFA_BOT_ACCOUNTS },
      { actor: 'cli' },
    )
    writeFileSync(opts.out, `\uFEFF${bindCodesCsv(codes, config.XUEFA_TZ)}`, 'utf8')
    io.stderr.write(`已生成 ${codes.length} 个绑定码，写入 ${opts.out}。每个绑定码只能使用一次，请分别发给本人。\n`)
    if (config.XUEFA_BOT_ACCOUNTS.length > 1) {
      const per = config.XUEFA_BOT_ACCOUNTS.map((a) => `${a} ${codes.filter((c) => c.account === a).length} 人`).join('，')
      io.stderr.write(`请本人先添加 account 列所写的机器人账号，再向它发送「绑定 绑定码」。按账号：${per}。\n`)
    }
  })
}
