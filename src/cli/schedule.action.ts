import { formatLocal } from '../calendar.js'
import { AppError } from '../errors.js'
import { findUnit } from '../roster/units.repo.js'
import { createSchedule, enableSchedule, listSchedules, refusedInput, removeSchedule } from '../schedules/schedules.service.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

const by = { actor: 'cli' }

export interface ScheduleAddOptions {
  name: string
  cron: string
  unit?: string
  everyDay?: boolean
}

/** What a user can fix comes back in words, with exit code 1. */
async function tell<T>(fn: () => Promise<T>, id?: string): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new CliExit(1, `没有编号为 ${id ?? ''} 的定时推送`)
    if (e instanceof AppError && refusedInput(e) === 'cron') {
      throw new CliExit(1, `未保存：${e.message}（定时表达式为「分 时 日 月 星期」，例如 "0 9 * * 1" 表示每周一 9:00）`)
    }
    if (e instanceof AppError && e.code === 'INVALID_INPUT') throw new CliExit(1, `未保存：${e.message}`)
    throw e
  }
}

export async function runScheduleAdd(io: CliIo, o: ScheduleAddOptions): Promise<void> {
  await withContext(io, async ({ db, clock, config }) => {
    if (o.unit && !(await findUnit(db, o.unit))) throw new CliExit(1, `单位 ${o.unit} 不存在，请先导入单位`)
    const deps = { db, clock, tz: config.XUEFA_TZ }
    const s = await tell(() => createSchedule(deps, { name: o.name, cron: o.cron, unitCode: o.unit, skipHolidays: !o.everyDay }, by))
    const next = s.nextFireAt ? formatLocal(new Date(s.nextFireAt), config.XUEFA_TZ) : '—'
    io.stdout.write(`已保存定时推送 #${s.id}「${s.name}」，下次推送：${next}\n`)
  })
}

export async function runScheduleList(io: CliIo): Promise<void> {
  await withContext(io, async ({ db, clock, config }) => {
    for (const s of await listSchedules({ db, clock, tz: config.XUEFA_TZ })) {
      const next = s.nextFireAt ? formatLocal(new Date(s.nextFireAt), config.XUEFA_TZ) : '—'
      const days = s.skipHolidays ? '工作日' : '含节假日和周末'
      io.stdout.write(
        `#${s.id}\t${s.name}\t${s.cron}\t${days}\t${s.unitCode ?? '全部单位'}\t${s.enabled ? '启用' : '停用'}\t下次 ${next}\n`,
      )
    }
  })
}

export async function runScheduleEnable(io: CliIo, id: string, enabled: boolean): Promise<void> {
  await withContext(io, async ({ db, clock, config }) => {
    await tell(() => enableSchedule({ db, clock, tz: config.XUEFA_TZ }, Number(id), enabled, by), id)
    io.stdout.write(`定时推送 #${id} 已${enabled ? '启用' : '停用'}\n`)
  })
}

export async function runScheduleRemove(io: CliIo, id: string): Promise<void> {
  await withContext(io, async ({ db, clock, config }) => {
    await tell(() => removeSchedule({ db, clock, tz: config.XUEFA_TZ }, Number(id), by), id)
    io.stdout.write(`定时推送 #${id} 已删除\n`)
  })
}
