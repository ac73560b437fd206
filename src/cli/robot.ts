import { Command, Option } from 'commander'
import { findUnit } from '../roster/units.repo.js'
import { insertRobot, listRobots, maskUrl, setRobotEnabled, type RobotPlatform } from '../delivery/robots.repo.js'
import { auditStatement } from '../storage/audit.repo.js'
import { CliExit, withContext } from './context.js'

const PLATFORMS: Record<RobotPlatform, string> = { wecom: '企业微信群机器人', dingtalk: '钉钉自定义机器人', feishu: '飞书自定义机器人' }

export function robotCommand(): Command {
  const robot = new Command('robot').description("group robots (WeCom / DingTalk / Feishu) that post a unit's announcements")
  robot
    .command('add')
    .description("add a unit's group robot; its announcements (materials, reminders, notices) go to the group")
    .requiredOption('--unit <code>', 'the unit whose group it is')
    .addOption(new Option('--platform <name>', 'wecom, dingtalk or feishu').choices(Object.keys(PLATFORMS)).makeOptionMandatory())
    .requiredOption('--url <url>', 'the webhook URL the platform gives the robot')
    .option('--secret <secret>', 'the signing secret (DingTalk "加签", Feishu "签名校验")')
    .action(async (o: { unit: string; platform: RobotPlatform; url: string; secret?: string }) => {
      if (!/^https?:\/\//.test(o.url)) throw new CliExit(1, '--url must be the http(s) webhook address the platform shows')
      if (o.platform === 'dingtalk' && !o.secret)
        process.stderr.write('提示：未提供 --secret；钉钉机器人如启用了「加签」，消息会被拒收。\n')
      await withContext(async ({ db, clock }) => {
        if (!(await findUnit(db, o.unit))) throw new CliExit(1, `单位 ${o.unit} 不存在，请先导入单位`)
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
        process.stdout.write(`已添加${PLATFORMS[o.platform]} #${id}（单位 ${o.unit}）\n`)
      })
    })
  robot
    .command('list')
    .description('the group robots, their units and whether they are on (keys masked)')
    .action(async () => {
      await withContext(async ({ db }) => {
        for (const r of await listRobots(db)) {
          process.stdout.write(
            `#${r.id}\t${r.unitCode}\t${PLATFORMS[r.platform]}\t${maskUrl(r.url)}\t${r.hasSecret ? '已加签' : '未加签'}\t${r.enabled ? '启用' : '停用'}\n`,
          )
        }
      })
    })
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    robot
      .command(`${name} <id>`)
      .description(enabled ? 'turn a robot back on' : 'stop posting to a robot (kept for the record)')
      .action(async (id: string) => {
        await withContext(async ({ db }) => {
          if (!(await db.write((tx) => setRobotEnabled(tx, Number(id), enabled)))) throw new CliExit(1, `没有编号为 ${id} 的群机器人`)
          process.stdout.write(`群机器人 #${id} 已${enabled ? '启用' : '停用'}\n`)
        })
      })
  }
  return robot
}
