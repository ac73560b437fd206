import { formatLocal } from '../calendar.js'
import { capacityFor, type CapacityReport } from '../sessions/capacity.service.js'
import { assumptionsZh, CAPACITY, capacityWarningsZh, capLeftZh, durationZh, messagesZh } from '../sessions/capacity.copy.zh.js'
import { isAppError } from '../errors.js'
import { findUnit } from '../roster/units.repo.js'
import { findSession } from '../sessions/sessions.repo.js'
import { withContext } from './context.js'
import { CLI } from './copy.zh.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface CapacityOptions {
  unit: string
  session?: string
  date?: string
  json?: boolean
}

export async function runCapacity(io: CliIo, o: CapacityOptions): Promise<void> {
  if (o.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new CliExit(1, CLI.badDate('--date'))
  await withContext(io, async ({ db, clock, config }) => {
    const tz = config.XUEFA_TZ
    if (!(await findUnit(db, o.unit))) throw new CliExit(1, CLI.unitNotFound(o.unit))
    if (o.session !== undefined && !(await findSession(db, o.session))) throw new CliExit(1, CLI.sessionNotFound(o.session))
    const r = await capacityFor(
      { db, clock, tz, accounts: config.XUEFA_BOT_ACCOUNTS },
      { unitCode: o.unit, sessionId: o.session, date: o.date },
    ).catch((e: unknown) => {
      // what is left to refuse once the unit and the session exist: a session organized outside the unit
      if (isAppError(e) && e.code === 'INVALID_INPUT' && o.session !== undefined)
        throw new CliExit(1, CLI.sessionNotInUnit(o.session, o.unit))
      throw e
    })
    io.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : textOf(r, tz))
  })
}

function textOf(r: CapacityReport, tz: string): string {
  const local = (iso: string) => formatLocal(new Date(iso), tz)
  const lines = [
    `${CAPACITY.title}：${r.unit.name}（${r.unit.code}）${r.session ? ` · ${r.session.id}「${r.session.title}」` : CAPACITY.unitScope}`,
    `${CAPACITY.officials}：${r.officials}（${CAPACITY.bound} ${r.bound}，${CAPACITY.unbound} ${r.unbound}）`,
    `${CAPACITY.accounts}：${r.accounts}`,
    `${CAPACITY.messages}：${messagesZh(r)}`,
  ]
  if (r.session) {
    const d = r.session.deadline
    lines.push(
      `${CAPACITY.noticeAt}：${r.session.noticeAt ? local(r.session.noticeAt) : CAPACITY.noNotice}；${CAPACITY.deadline}（${CAPACITY.deadlineKind[d.kind]}）：${local(d.at)}`,
    )
  }
  lines.push(`${CAPACITY.fanout}：${durationZh(r.longestFanoutMs)}`)
  lines.push(`${CAPACITY.capLeft}：${capLeftZh(r)}`)
  lines.push(`${CAPACITY.perAccount}：`)
  for (const a of r.perAccount)
    lines.push(
      `  ${a.account}\t${CAPACITY.bound} ${a.people}\t${CAPACITY.queuedAhead} ${a.queuedAhead}\t${CAPACITY.fanout} ${durationZh(a.fanoutMs)}\t${CAPACITY.sendsOnDay} ${a.sendsOnDay}\t${CAPACITY.capLeft} ${a.capLeft}`,
    )
  const warnings = capacityWarningsZh(r, tz)
  for (const w of warnings) lines.push(`⚠ ${w}`)
  if (!warnings.length) lines.push(r.fitsInTime === null ? `${CAPACITY.capOk}${r.session ? '' : CAPACITY.noDeadline}` : CAPACITY.ok)
  lines.push(assumptionsZh(r))
  return `${lines.join('\n')}\n`
}
