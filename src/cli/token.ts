import { Command, Option } from 'commander'
import { createApiToken } from '../access/tokens.service.js'
import { isAppError } from '../errors.js'
import { CliExit, withContext } from './context.js'

export function tokenCommand(): Command {
  const token = new Command('token').description('API tokens (stored hashed; shown once)')
  token
    .command('create')
    .description('create an API token and print it once')
    .addOption(
      new Option('--role <role>', 'admin, organizer or reporter').choices(['admin', 'organizer', 'reporter']).makeOptionMandatory(),
    )
    .option('--unit <code>', 'limit the token to this unit and the units below it (required for organizer)')
    .option('--label <text>', 'a note saying who holds the token')
    .option('--expires-in-days <n>', 'expire after n days', (v) => Number.parseInt(v, 10))
    .action(async (opts: { role: 'admin' | 'organizer' | 'reporter'; unit?: string; label?: string; expiresInDays?: number }) => {
      if (opts.expiresInDays !== undefined && !(opts.expiresInDays > 0))
        throw new CliExit(1, '--expires-in-days must be a positive whole number')
      await withContext(async ({ db, clock }) => {
        try {
          const created = await createApiToken(
            { db, clock },
            { role: opts.role, unitCode: opts.unit, label: opts.label, expiresInDays: opts.expiresInDays },
            { actor: 'cli' },
          )
          process.stdout.write(`${created.token}\n`)
          process.stderr.write(
            `已创建令牌 #${created.id}（角色 ${created.role}${created.unitCode ? `，单位 ${created.unitCode} 及下级` : '，全部单位'}${created.expiresAt ? `，${created.expiresAt} 过期` : ''}）。令牌只显示这一次，请妥善保存。\n`,
          )
        } catch (e) {
          if (isAppError(e)) throw new CliExit(1, e.message)
          throw e
        }
      })
    })
  return token
}
