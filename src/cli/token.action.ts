import { createApiToken } from '../access/tokens.service.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface TokenCreateOptions {
  role: 'admin' | 'organizer' | 'reporter'
  unit?: string
  label?: string
  expiresInDays?: number
}

export async function runTokenCreate(io: CliIo, opts: TokenCreateOptions): Promise<void> {
  if (opts.expiresInDays !== undefined && !(opts.expiresInDays > 0))
    throw new CliExit(1, '--expires-in-days 应为正整数（令牌多少天后过期）')
  await withContext(io, async ({ db, clock }) => {
    const created = await createApiToken(
      { db, clock },
      { role: opts.role, unitCode: opts.unit, label: opts.label, expiresInDays: opts.expiresInDays },
      { actor: 'cli' },
    )
    io.stdout.write(`${created.token}\n`)
    io.stderr.write(
      `已创建令牌 #${created.id}（角色 ${created.role}${created.unitCode ? `，单位 ${created.unitCode} 及下级` : '，全部单位'}${created.expiresAt ? `，${created.expiresAt} 过期` : ''}）。令牌只显示这一次，请妥善保存。\n`,
    )
  })
}
