import { Command } from 'commander'
import { formatLocal } from '../calendar.js'
import { AppError } from '../errors.js'
import { createSchedule, enableSchedule, listSchedules, removeSchedule } from '../schedules/schedules.service.js'
import { CliExit, withContext } from './context.js'

const by = { actor: 'cli' }

/** What a user can fix comes back in words, with exit code 1. */
async function tell<T>(fn: () => Promise<T>, id?: string): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new CliExit(1, `没有编号为 ${id ?? ''} 的定时推送`)
    if (e instanceof AppError && e.code === 'INVALID_INPUT')
      throw new CliExit(1, `未保存：${e.message}（定时表达式为「分 时 日 月 星期」，例如 "0 9 * * 1" 表示每周一 9:00）`)
    throw e
  }
}

export function scheduleCommand(): Command {
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
    .action(async (o: { name: string; cron: string; unit?: string; everyDay?: boolean }) => {
      await withContext(async ({ db, clock, config }) => {
        const deps = { db, clock, tz: config.XUEFA_TZ }
        const s = await tell(() => createSchedule(deps, { name: o.name, cron: o.cron, unitCode: o.unit, skipHolidays: !o.everyDay }, by))
        const next = s.nextFireAt ? formatLocal(new Date(s.nextFireAt), config.XUEFA_TZ) : '—'
        process.stdout.write(`已保存定时推送 #${s.id}「${s.name}」，下次推送：${next}\n`)
      })
    })
  schedule
    .command('list')
    .description('the schedules and when each fires next')
    .action(async () => {
      await withContext(async ({ db, clock, config }) => {
        for (const s of await listSchedules({ db, clock, tz: config.XUEFA_TZ })) {
          const next = s.nextFireAt ? formatLocal(new Date(s.nextFireAt), config.XUEFA_TZ) : '—'
          const days = s.skipHolidays ? '工作日' : '每天'
          process.stdout.write(
            `#${s.id}\t${s.name}\t${s.cron}\t${days}\t${s.unitCode ?? '全部单位'}\t${s.enabled ? '启用' : '停用'}\t下次 ${next}\n`,
          )
        }
      })
    })
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    schedule
      .command(`${name} <id>`)
      .description(enabled ? 'turn a schedule back on' : 'stop a schedule (kept)')
      .action(async (id: string) => {
        await withContext(async ({ db, clock, config }) => {
          await tell(() => enableSchedule({ db, clock, tz: config.XUEFA_TZ }, Number(id), enabled, by), id)
          process.stdout.write(`定时推送 #${id} 已${enabled ? '启用' : '停用'}\n`)
        })
      })
  }
  schedule
    .command('remove <id>')
    .description('delete a schedule')
    .action(async (id: string) => {
      await withContext(async ({ db, clock, config }) => {
        await tell(() => removeSchedule({ db, clock, tz: config.XUEFA_TZ }, Number(id), by), id)
        process.stdout.write(`定时推送 #${id} 已删除\n`)
      })
    })
  return schedule
}
