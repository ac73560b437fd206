import { Command } from 'commander'
import type { CliIo } from './io.js'
import type { ScheduleAddOptions } from './schedule.action.js'

export function scheduleCommand(io: CliIo): Command {
  const run = () => import('./schedule.action.js')
  const schedule = new Command('schedule').description(
    "recurring pushes of the week's 学法清单 to group robots, on a cron expression in XUEFA_TZ (official working days only by default)",
  )
  schedule
    .command('add')
    .description('create a schedule, or replace the one of the same name')
    .requiredOption('--name <name>', 'a name of your own, e.g. 司法局每周学法清单')
    .requiredOption('--cron <expression>', 'minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" (Mondays 09:00)')
    .option('--unit <code>', "the unit whose group robots (and those below) receive it; every unit's when omitted")
    .option('--every-day', 'fire on holidays and weekends too (by default only on official working days, with 调休)')
    .action(async (o: ScheduleAddOptions) => (await run()).runScheduleAdd(io, o))
  schedule
    .command('list')
    .description('the schedules and when each fires next')
    .action(async () => (await run()).runScheduleList(io))
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    schedule
      .command(`${name} <id>`)
      .description(enabled ? 'turn a schedule back on' : 'stop a schedule (kept)')
      .action(async (id: string) => (await run()).runScheduleEnable(io, id, enabled))
  }
  schedule
    .command('remove <id>')
    .description('delete a schedule')
    .action(async (id: string) => (await run()).runScheduleRemove(io, id))
  return schedule
}
