import { findUnit } from '../roster/units.repo.js'
import { insertRobot, listRobots, maskUrl, setRobotEnabled, type RobotPlatform } from '../delivery/robots.repo.js'
import { auditStatement } from '../storage/audit.repo.js'
import { withContext } from './context.js'
import { CLI } from './copy.zh.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

const PLATFORMS: Record<RobotPlatform, string> = { wecom: '企业微信群机器人', dingtalk: '钉钉自定义机器人', feishu: '飞书自定义机器人' }

export interface RobotAddOptions {
  unit: string
  platform: RobotPlatform
  url: string
  secret?: string
}

export async function runRobotAdd(io: CliIo, o: RobotAddOptions): Promise<void> {
  if (!/^https?:\/\//.test(o.url)) throw new CliExit(1, '--url 应为群机器人平台给出的 http(s) 网址（Webhook 地址）')
  if (o.platform === 'dingtalk' && !o.secret) io.stderr.write('提示：未提供 --secret；钉钉机器人如启用了「加签」，消息会被拒收。\n')
  await withContext(io, async ({ db, clock }) => {
    if (!(await findUnit(db, o.unit))) throw new CliExit(1, CLI.unitNotFound(o.unit))
    const now = clock.now().toISOString()
    const id = await db.write(async (tx) => {
      const id = await insertRobot(tx, { unitCode: o.unit, platform: o.platform, url: o.url, secret: o.secret ?? null }, now)
      await tx.execute(
        auditStatement(
          {
            actor: 'cli',
            action: 'robot.add',
            entity: 'group_robot',
            entityId: String(id),
            detail: { unit: o.unit, platform: o.platform },
          },
          now,
        ),
      )
      return id
    })
    io.stdout.write(`已添加${PLATFORMS[o.platform]} #${id}（单位 ${o.unit}）\n`)
  })
}

export async function runRobotList(io: CliIo): Promise<void> {
  await withContext(io, async ({ db }) => {
    for (const r of await listRobots(db)) {
      io.stdout.write(
        `#${r.id}\t${r.unitCode}\t${PLATFORMS[r.platform]}\t${maskUrl(r.url)}\t${r.hasSecret ? '已加签' : '未加签'}\t${r.enabled ? '启用' : '停用'}\n`,
      )
    }
  })
}

export async function runRobotEnable(io: CliIo, id: string, enabled: boolean): Promise<void> {
  await withContext(io, async ({ db }) => {
    if (!(await db.write((tx) => setRobotEnabled(tx, Number(id), enabled)))) throw new CliExit(1, `没有编号为 ${id} 的群机器人`)
    io.stdout.write(`群机器人 #${id} 已${enabled ? '启用' : '停用'}\n`)
  })
}
