/**
 * Capacity in view (issue 16): the numbers of the capacity model (delivery/capacity.rules.ts) read from the database,
 * for a unit (all its officials, bound or not, by account) or for a planned session (its audience, and its timeline:
 * when the notice goes and the deadline it must beat — the quiz's, or the start).
 */
import type { Clock } from '../clock.js'
import { addLocalDays, localDate, localDateTime } from '../calendar.js'
import { AppError } from '../errors.js'
import type { Executor } from '../storage/db.js'
import { isUnitWithin, findUnit } from '../roster/units.repo.js'
import { countBoundByAccount, unitReach } from '../roster/bound-accounts.repo.js'
import { loadAccounts } from '../delivery/account-load.repo.js'
import { listEnabledRobots } from '../delivery/robots.repo.js'
import { CHANNEL_LIMITS } from '../delivery/pacing.js'
import {
  computeCapacity,
  DEFAULT_ASSUMPTIONS,
  pacingOf,
  reminderDay,
  type AccountPacing,
  type Capacity,
  type CapacityInput,
  type MessageAssumptions,
} from '../delivery/capacity.rules.js'
import { listSessionJobs } from '../jobs/jobs.repo.js'
import { findQuizBySession } from '../quizzes/quizzes.repo.js'
import { listAudience } from './audience.repo.js'
import { findSession, type Session } from './sessions.repo.js'
import { loadDeploymentTimeline } from './timeline.service.js'
import { plannedNoticesByAccount, type PlannedLoad } from './capacity-planned.js'
import { noticePartsOf } from './steps.service.js'

export interface CapacityDeps {
  db: Executor
  clock: Clock
  tz: string
  /** the deployment's bot accounts (XUEFA_BOT_ACCOUNTS) */
  accounts: readonly string[]
  /** default: the WeChat pacer's (pacing.ts) */
  pacing?: AccountPacing
  /** default: DEFAULT_ASSUMPTIONS */
  assumptions?: MessageAssumptions
}

export interface CapacitySession {
  id: string
  title: string
  startsAt: string
  /** when the notice fan-out starts (ISO UTC); null when it is not planned (already sent, none, or not planned) */
  noticeAt: string | null
  /** what the notices must beat: the quiz's deadline when earlier than the start, else the start */
  deadline: { kind: 'quiz' | 'start'; at: string }
}

export interface CapacityReport extends Capacity {
  unit: { code: string; name: string }
  session: CapacitySession | null
  /** the local day whose cap is counted, YYYY-MM-DD */
  date: string
  pacing: AccountPacing
  assumptions: MessageAssumptions
}

export const WECHAT_PACING: AccountPacing = pacingOf(CHANNEL_LIMITS.wechaty)
/** The applications' accounts are counted as `<channel>:<account>` (roster/bound-accounts.repo.ts), each at its own pacing. */
const APP_PACING: [string, AccountPacing][] = [
  ['wecom-app:', pacingOf(CHANNEL_LIMITS['wecom-app'])],
  ['dingtalk-app:', pacingOf(CHANNEL_LIMITS['dingtalk-app'])],
]

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

function dayBounds(date: string, tz: string): { from: string; to: string } {
  return {
    from: localDateTime(date, '00:00', tz).toISOString(),
    to: localDateTime(addLocalDays(date, 1), '00:00', tz).toISOString(),
  }
}

/**
 * The configured accounts first (even with nobody on them), then any other that officials are bound to; each with
 * its outbox load and the notices other sessions plan on it.
 */
function accountInputs(
  configured: readonly string[],
  people: Map<string, number>,
  load: Map<string, { usedOnDay: number; queued: number }>,
  planned: Map<string, PlannedLoad>,
): CapacityInput['accounts'] {
  const names = [...configured, ...[...people.keys()].filter((a) => !configured.includes(a))]
  return names.map((account) => {
    const l = load.get(account) ?? { usedOnDay: 0, queued: 0 }
    const p = planned.get(account)
    const app = APP_PACING.find(([prefix]) => account.startsWith(prefix))
    return {
      account,
      ...(app ? { pacing: app[1] } : {}),
      people: people.get(account) ?? 0,
      usedOnDay: l.usedOnDay + (p?.onDay ?? 0),
      queued: l.queued,
      plannedAhead: p?.ahead ?? [],
    }
  })
}

interface Counted {
  people: Map<string, number>
  unbound: number
  unitsWithUnbound: string[]
  reminder: CapacityInput['reminder'] | ((date: string) => CapacityInput['reminder'])
  /** the session's pending notice job; null for a unit, or when the notice is not to come */
  noticeJob: { id: number; dueAt: string } | null
  exceptSessionId: string | null
  noticeAt: Date | null
  deadlineAt: Date | null
  date?: string
  /** messages per person of this session's notice, as its material and quiz make it (else the assumption's) */
  noticeParts?: number
}

async function report(
  deps: CapacityDeps,
  unit: { code: string; name: string },
  session: Omit<CapacitySession, 'noticeAt'> | null,
  c: Counted,
): Promise<CapacityReport> {
  const now = deps.clock.now()
  const from = c.noticeAt ?? now
  const date = c.date ?? localDate(from, deps.tz)
  const day = dayBounds(date, deps.tz)
  const pacing = deps.pacing ?? WECHAT_PACING
  const assumed = deps.assumptions ?? DEFAULT_ASSUMPTIONS
  const assumptions = c.noticeParts === undefined ? assumed : { ...assumed, noticeParts: c.noticeParts }
  const [load, wecomLoad, dingtalkLoad, planned, robots] = await Promise.all([
    loadAccounts(deps.db, 'wechaty', day, now.toISOString(), from.toISOString()),
    loadAccounts(deps.db, 'wecom-app', day, now.toISOString(), from.toISOString()),
    loadAccounts(deps.db, 'dingtalk-app', day, now.toISOString(), from.toISOString()),
    plannedNoticesByAccount(deps.db, {
      day,
      now,
      // other sessions' notices at the assumption's length (this one's is measured)
      noticeParts: assumed.noticeParts,
      exceptSessionId: c.exceptSessionId,
      ours: c.noticeJob,
    }),
    // a group robot announces only to the units with someone it cannot reach in private
    c.unitsWithUnbound.length ? listEnabledRobots(deps.db, c.unitsWithUnbound) : Promise.resolve([]),
  ])
  // the WeCom / DingTalk applications' people count on their application, at its own pacing and cap
  for (const [channel, l] of [
    ['wecom-app', wecomLoad],
    ['dingtalk-app', dingtalkLoad],
  ] as const)
    for (const [account, v] of l) load.set(`${channel}:${account}`, v)
  const capacity = computeCapacity({
    accounts: accountInputs(deps.accounts, c.people, load, planned),
    unbound: c.unbound,
    robotGroups: robots.length,
    pacing,
    assumptions,
    reminder: typeof c.reminder === 'function' ? c.reminder(date) : c.reminder,
    msUntilNotice: Math.max(0, from.getTime() - now.getTime()),
    windowMs: c.noticeAt && c.deadlineAt ? c.deadlineAt.getTime() - c.noticeAt.getTime() : null,
  })
  return {
    unit,
    session: session && { ...session, noticeAt: c.noticeAt?.toISOString() ?? null },
    date,
    pacing,
    assumptions,
    ...capacity,
  }
}

function checkDate(date: string | undefined): void {
  if (date !== undefined && !DATE.test(date)) throw new AppError('INVALID_INPUT', 'date must be YYYY-MM-DD')
}

/** A unit and every unit below it: everyone on the roster today, as if one session reached them all now. */
export async function unitCapacity(deps: CapacityDeps, unitCode: string, o: { date?: string } = {}): Promise<CapacityReport> {
  checkDate(o.date)
  const unit = await findUnit(deps.db, unitCode)
  if (!unit) throw new AppError('NOT_FOUND', `unit ${unitCode} not found`)
  const [reach, timeline] = await Promise.all([unitReach(deps.db, unit.code), loadDeploymentTimeline(deps.db)])
  // the deployment's timeline says whether a reminder follows and whether on the notice's day
  const reminder = timeline.reminderMinutesBefore === null ? 'none' : (timeline.materials?.daysBefore ?? 0) === 0 ? 'same_day' : 'other_day'
  return report(deps, { code: unit.code, name: unit.name }, null, {
    people: reach.byAccount,
    unbound: reach.unbound,
    unitsWithUnbound: reach.unitsWithUnbound,
    reminder,
    noticeJob: null,
    exceptSessionId: null,
    noticeAt: null,
    deadlineAt: null,
    date: o.date,
  })
}

/** A session: its audience by account, the notice's planned time and the deadline it must beat. */
export async function sessionCapacity(deps: CapacityDeps, s: Session, o: { date?: string } = {}): Promise<CapacityReport> {
  checkDate(o.date)
  const [audience, jobs, quiz, unit] = await Promise.all([
    listAudience(deps.db, s),
    listSessionJobs(deps.db, s.id),
    findQuizBySession(deps.db, s.id),
    findUnit(deps.db, s.unitCode),
  ])
  const live = (kind: string) =>
    s.status === 'planned' ? jobs.find((j) => j.kind === kind && (j.state === 'pending' || j.state === 'running')) : undefined
  const materials = live('session.materials')
  const reminderJob = live('session.reminder')
  const now = deps.clock.now()
  const noticeAt = materials ? new Date(Math.max(now.getTime(), new Date(materials.dueAt).getTime())) : null
  const byQuiz = quiz?.deadlineAt != null && quiz.deadlineAt < s.startsAt
  const deadline = { kind: byQuiz ? ('quiz' as const) : ('start' as const), at: byQuiz ? quiz!.deadlineAt! : s.startsAt }
  const unbound = audience.filter((m) => !m.bound)
  const someone = audience.find((m) => m.bound)
  return report(
    deps,
    { code: s.unitCode, name: unit?.name ?? s.unitCode },
    { id: s.id, title: s.title, startsAt: s.startsAt, deadline },
    {
      people: await countBoundByAccount(
        deps.db,
        audience.filter((m) => m.bound).map((m) => m.id),
      ),
      unbound: unbound.length,
      unitsWithUnbound: [...new Set(unbound.map((m) => m.unitCode))],
      reminder: (date) => reminderDay(reminderJob ? localDate(new Date(reminderJob.dueAt), deps.tz) : null, date),
      noticeJob: materials ? { id: materials.id, dueAt: materials.dueAt } : null,
      exceptSessionId: s.id,
      noticeAt,
      deadlineAt: new Date(deadline.at),
      date: o.date,
      ...(someone ? { noticeParts: await noticePartsOf(deps, s.id, someone.id) } : {}),
    },
  )
}

/** `xuefa capacity`: a unit, or one of its sessions (the session must be the unit's or a unit's below it). */
export async function capacityFor(deps: CapacityDeps, q: { unitCode: string; sessionId?: string; date?: string }): Promise<CapacityReport> {
  if (q.sessionId === undefined) return unitCapacity(deps, q.unitCode, { date: q.date })
  if (!(await findUnit(deps.db, q.unitCode))) throw new AppError('NOT_FOUND', `unit ${q.unitCode} not found`)
  const s = await findSession(deps.db, q.sessionId)
  if (!s) throw new AppError('NOT_FOUND', `session ${q.sessionId} not found`)
  if (!(await isUnitWithin(deps.db, s.unitCode, q.unitCode)))
    throw new AppError('INVALID_INPUT', `session ${s.id} is organized by ${s.unitCode}, not within unit ${q.unitCode}`)
  return sessionCapacity(deps, s, { date: q.date })
}
