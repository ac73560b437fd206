import { Command, Option } from 'commander'
import type { RobotPlatform } from '../delivery/robots.repo.js'
import type { CliIo } from './io.js'
import type { RobotAddOptions } from './robot.action.js'

const PLATFORMS: RobotPlatform[] = ['wecom', 'dingtalk', 'feishu']

export function robotCommand(io: CliIo): Command {
  const run = () => import('./robot.action.js')
  const robot = new Command('robot').description("group robots (WeCom / DingTalk / Feishu) that post a unit's announcements")
  robot
    .command('add')
    .description("add a unit's group robot; its announcements (materials, reminders, notices) go to the group")
    .requiredOption('--unit <code>', 'the unit whose group it is')
    .addOption(new Option('--platform <name>', 'wecom, dingtalk or feishu').choices(PLATFORMS).makeOptionMandatory())
    .requiredOption('--url <url>', 'the webhook URL the platform gives the robot')
    .option('--secret <secret>', 'the signing secret (DingTalk "加签", Feishu "签名校验")')
    .action(async (o: RobotAddOptions) => (await run()).runRobotAdd(io, o))
  robot
    .command('list')
    .description('the group robots, their units and whether they are on (keys masked)')
    .action(async () => (await run()).runRobotList(io))
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    robot
      .command(`${name} <id>`)
      .description(enabled ? 'turn a robot back on' : 'stop posting to a robot (kept for the record)')
      .action(async (id: string) => (await run()).runRobotEnable(io, id, enabled))
  }
  return robot
}
