import { listApps, setAppEnabled, upsertApp, type AppPlatform } from '../delivery/apps.repo.js'
import { auditStatement } from '../storage/audit.repo.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

const PLATFORMS: Record<AppPlatform, string> = { wecom: '企业微信自建应用', dingtalk: '钉钉企业内部应用' }

export interface ChannelAddOptions {
  name: string
  corpId?: string
  agentId: string
  appKey?: string
  secret: string
  token?: string
  aesKey?: string
}

function platformOf(text: string): AppPlatform {
  if (text === 'wecom' || text === 'dingtalk') return text
  throw new CliExit(1, '平台应为 wecom（企业微信自建应用）或 dingtalk（钉钉企业内部应用）')
}

export async function runChannelAdd(io: CliIo, platformText: string, o: ChannelAddOptions): Promise<void> {
  const platform = platformOf(platformText)
  if (!/^[a-z0-9]{1,32}$/.test(o.name)) throw new CliExit(1, '--name 应为 1 到 32 个小写字母或数字')
  if (platform === 'wecom') {
    if (!o.corpId || !o.token || !o.aesKey)
      throw new CliExit(1, '企业微信自建应用需要 --corp-id、--token 和 --aes-key（应用「接收消息」的设置）')
    if (!/^[A-Za-z0-9]{43}$/.test(o.aesKey)) throw new CliExit(1, '--aes-key 应为 43 位字母或数字（EncodingAESKey）')
  } else if (!o.appKey) throw new CliExit(1, '钉钉企业内部应用需要 --app-key（AppKey）')
  await withContext(io, async ({ db, clock, config }) => {
    const now = clock.now().toISOString()
    await db.write(async (tx) => {
      await upsertApp(
        tx,
        {
          platform,
          account: o.name,
          corpId: o.corpId ?? null,
          agentId: o.agentId,
          appKey: platform === 'dingtalk' ? (o.appKey ?? null) : null,
          secret: o.secret,
          token: platform === 'wecom' ? (o.token ?? null) : null,
          aesKey: platform === 'wecom' ? (o.aesKey ?? null) : null,
        },
        now,
      )
      await tx.execute(
        auditStatement(
          { actor: 'cli', action: 'channel.add', entity: 'chat_app', entityId: `${platform}:${o.name}`, detail: { platform } },
          now,
        ),
      )
    })
    // the platform calls a public address: XUEFA_PUBLIC_URL when set, else the place to put it
    const base = config.XUEFA_PUBLIC_URL ?? '<XUEFA_PUBLIC_URL>'
    io.stdout.write(`已设置${PLATFORMS[platform]}「${o.name}」。回调地址：${base}/webhooks/${platform}/${o.name}\n`)
  })
}

export async function runChannelList(io: CliIo): Promise<void> {
  await withContext(io, async ({ db }) => {
    for (const a of await listApps(db))
      io.stdout.write(
        `${a.platform}\t${a.account}\t${PLATFORMS[a.platform]}\tAgentId ${a.agentId}\t/webhooks/${a.platform}/${a.account}\t${a.enabled ? '启用' : '停用'}\n`,
      )
  })
}

export async function runChannelEnable(io: CliIo, platformText: string, name: string, enabled: boolean): Promise<void> {
  const platform = platformOf(platformText)
  await withContext(io, async ({ db }) => {
    if (!(await db.write((tx) => setAppEnabled(tx, platform, name, enabled))))
      throw new CliExit(1, `没有名为「${name}」的${PLATFORMS[platform]}`)
    io.stdout.write(`${PLATFORMS[platform]}「${name}」已${enabled ? '启用' : '停用'}\n`)
  })
}
