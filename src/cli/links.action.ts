import { revokeLinks } from '../access/links.service.js'
import { findOfficial } from '../roster/officials.repo.js'
import { withContext } from './context.js'
import { CLI } from './copy.zh.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface LinksRevokeOptions {
  official: string
}

export async function runLinksRevoke(io: CliIo, opts: LinksRevokeOptions): Promise<void> {
  await withContext(io, async ({ db, clock }) => {
    const official = await findOfficial(db, opts.official)
    if (!official) throw new CliExit(1, CLI.officialNotFound(opts.official))
    await revokeLinks(db, official.id, clock.now(), { actor: 'cli' })
    io.stdout.write(`已停用 ${official.name}（${official.id}）此前收到的全部个人链接；过期或停用的链接页面可申请发送新链接。\n`)
  })
}
