/**
 * Capacity (pure): what a session's messages cost the chat accounts, and whether its notices all go out in time.
 *
 * One WeChat account sends one message at a time, at the pacer's mean interval (1,000 ms + up to 1,000 ms of jitter:
 * 1.5 s), at most `dailyCap` a day. The notices of a session go out account by account in parallel, so the fan-out
 * takes, on each account, (what is queued ahead of it + its people × parts per notice) × the mean interval, and the
 * session waits for the longest. The outbox (notices, reminders) sends in the pacer's bulk lane, which stops at
 * `bulkDailyCap` (the reply reserve kept for replies, pacer.ts); replies may use the whole `dailyCap`. Every send of
 * the day counts toward both. The accounts needed are the fewest that fit the window and the day's caps:
 *   officials × parts ÷ accounts × mean interval ≤ time available, and the day's sends ÷ accounts ≤ the caps.
 * What the session will cost after the notice (replies, reminders) is an estimate from named assumptions.
 */
import type { PacerOptions } from './pacer.js'

export interface AccountPacing {
  /** mean time between two sends of one account, ms */
  meanIntervalMs: number
  /** sends per account per local day */
  dailyCap: number
  /** the outbox's sends (notices, reminders) stop once the day's sends reach this: dailyCap less the reply reserve */
  bulkDailyCap: number
}

/** The mean interval and caps of a pacer's settings (the jitter is uniform: half of it on average). */
export function pacingOf(o: Pick<PacerOptions, 'minIntervalMs' | 'jitterMs' | 'dailyCap' | 'replyReserveShare'>): AccountPacing {
  const dailyCap = o.dailyCap ?? Number.MAX_SAFE_INTEGER
  const reserve = o.dailyCap === undefined ? 0 : Math.floor(o.dailyCap * (o.replyReserveShare ?? 0))
  return { meanIntervalMs: (o.minIntervalMs ?? 0) + (o.jitterMs ?? 0) / 2, dailyCap, bulkDailyCap: dailyCap - reserve }
}

/** What a session is expected to send besides its notices: estimates, named so they can be read and changed. */
export interface MessageAssumptions {
  /** private messages per notice: the material, the whole quiz and a personal link in one; 2 when it is very long */
  noticeParts: number
  /** share of the bound who answer in chat (the others on the page, or not at all): they get a result reply */
  chatAnswerShare: number
  /** replies per person answering in chat: 1 for a whole-quiz answer; about 6 for 5 questions one at a time */
  repliesPerChatAnswer: number
  /** share still unfinished when the reminder goes (2 h before the start): one reminder each */
  unfinishedShareAtReminder: number
}

/** The benchmark: 90% answer, half of them in chat; a third left when the reminder goes. */
export const DEFAULT_ASSUMPTIONS: MessageAssumptions = {
  noticeParts: 1,
  chatAnswerShare: 0.45,
  repliesPerChatAnswer: 1,
  unfinishedShareAtReminder: 0.3,
}

export interface AccountInput {
  account: string
  /**
   * an account of another channel (a WeCom / DingTalk application) with its own pacing; absent for the WeChat accounts,
   * which take `CapacityInput.pacing` and alone count toward the accounts needed
   */
  pacing?: AccountPacing
  /** officials of the audience bound to this account */
  people: number
  /** sends of this account on the day counted: sent, or planned in the outbox */
  usedOnDay: number
  /** outbox rows of this account not yet sent, due by the time the notice goes */
  queued: number
  /** notices of other sessions that go out on this account before this one's, ms from now (≤ 0: at once) */
  plannedAhead?: readonly PlannedSends[]
}

export interface PlannedSends {
  inMs: number
  sends: number
}

export interface CapacityInput {
  accounts: readonly AccountInput[]
  /** officials of the audience bound to no account: not reached in private */
  unbound: number
  /** group robots that get the announcement (one message each, for the units with people not bound) */
  robotGroups: number
  pacing: AccountPacing
  assumptions: MessageAssumptions
  /** the reminder: none planned, on the day counted, or on another day (not against this day's cap) */
  reminder: 'none' | 'same_day' | 'other_day'
  /** ms from now until the notice fan-out starts (0: now); the queues ahead drain meanwhile */
  msUntilNotice: number
  /** ms from the start of the notice fan-out to the deadline (the quiz's, or the start); null: no deadline */
  windowMs: number | null
}

export interface AccountCapacity {
  account: string
  people: number
  /** sends still queued on this account when the notices start */
  queuedAhead: number
  /** until this account's last notice has gone, ms */
  fanoutMs: number
  /** this session's sends on this account on the day counted (notices, replies, reminders on that day) */
  sendsOnDay: number
  /** the day's cap left before this session (never below 0) */
  capLeft: number
  /** the day's sends counted when the outbox's last send of this session goes (its notices, and more: `bulkOnDay`) */
  bulkSendsOnDay: number
  /** what the outbox may still send that day before this session (the bulk cap left, never below 0) */
  bulkCapLeft: number
  fitsCap: boolean
}

export type CapacityWarning = 'late' | 'cap'

export interface Capacity {
  officials: number
  bound: number
  unbound: number
  accounts: number
  messages: { notices: number; replies: number; reminders: number; robot: number; private: number; total: number }
  perAccount: AccountCapacity[]
  /** until the last notice of the session has gone, on the slowest account, ms */
  longestFanoutMs: number
  /** the day's cap left on all accounts together, before this session */
  capLeft: number
  /** every notice out before the deadline; null without a deadline */
  fitsInTime: boolean | null
  fitsCap: boolean
  /** the fewest accounts that fit the window and the cap (≥ 1); null when no number can (the window is gone) */
  accountsNeeded: number | null
  warnings: CapacityWarning[]
}

/** People out of `people` at this share, rounded up (less a hair, so 1000 × 0.45 is 450, not 451). */
const estimate = (people: number, share: number) => Math.max(0, Math.ceil(people * share - 1e-9))

export function computeCapacity(i: CapacityInput): Capacity {
  const a = i.assumptions
  const totals = { notices: 0, replies: 0, reminders: 0 }
  const perAccount = i.accounts.map((acc): AccountCapacity => {
    const { meanIntervalMs: mean, dailyCap, bulkDailyCap } = acc.pacing ?? i.pacing
    const notices = acc.people * a.noticeParts
    const replies = estimate(acc.people, a.chatAnswerShare) * a.repliesPerChatAnswer
    const reminders = i.reminder === 'none' ? 0 : estimate(acc.people, a.unfinishedShareAtReminder)
    totals.notices += notices
    totals.replies += replies
    totals.reminders += reminders
    const queuedAhead = backlogAt(acc.queued, acc.plannedAhead ?? [], i.msUntilNotice, mean)
    const sendsOnDay = notices + replies + (i.reminder === 'same_day' ? reminders : 0)
    const capLeft = Math.max(0, dailyCap - acc.usedOnDay)
    const bulkCapLeft = Math.max(0, bulkDailyCap - acc.usedOnDay)
    const bulkSendsOnDay = bulkOnDay(notices, replies, reminders, i.reminder)
    return {
      account: acc.account,
      people: acc.people,
      queuedAhead,
      fanoutMs: notices === 0 ? 0 : (queuedAhead + notices) * mean,
      sendsOnDay,
      capLeft,
      bulkSendsOnDay,
      bulkCapLeft,
      fitsCap: sendsOnDay <= capLeft && bulkSendsOnDay <= bulkCapLeft,
    }
  })
  const bound = i.accounts.reduce((n, x) => n + x.people, 0)
  const longestFanoutMs = Math.max(0, ...perAccount.map((x) => x.fanoutMs))
  const fitsInTime = i.windowMs === null ? null : longestFanoutMs <= Math.max(0, i.windowMs) || bound === 0
  const fitsCap = perAccount.every((x) => x.fitsCap)
  const robot = i.robotGroups * (i.reminder === 'none' ? 1 : 2)
  const priv = totals.notices + totals.replies + totals.reminders
  return {
    officials: bound + i.unbound,
    bound,
    unbound: i.unbound,
    accounts: i.accounts.length,
    messages: { ...totals, robot, private: priv, total: priv + robot },
    perAccount,
    longestFanoutMs,
    capLeft: perAccount.reduce((n, x) => n + x.capLeft, 0),
    fitsInTime,
    fitsCap,
    accountsNeeded: accountsNeeded(
      { ...i, accounts: i.accounts.filter((x) => !x.pacing) },
      perAccount.filter((_, k) => !i.accounts[k]!.pacing),
    ),
    warnings: [...(fitsInTime === false ? ['late' as const] : []), ...(fitsCap ? [] : ['cap' as const])],
  }
}

/**
 * The fewest accounts among which the work, balanced, fits: the notices (and what is queued ahead of them) within
 * the window at the mean interval, and the day's sends (already used, and this session's) within the caps.
 */
function accountsNeeded(i: CapacityInput, perAccount: readonly AccountCapacity[]): number | null {
  const notices = perAccount.reduce((n, x) => n + x.people, 0) * i.assumptions.noticeParts
  const ahead = perAccount.reduce((n, x) => n + x.queuedAhead, 0)
  const used = i.accounts.reduce((n, x) => n + x.usedOnDay, 0)
  const onDay = used + perAccount.reduce((n, x) => n + x.sendsOnDay, 0)
  const bulk = used + perAccount.reduce((n, x) => n + x.bulkSendsOnDay, 0)
  const byCap = Math.max(Math.ceil(onDay / i.pacing.dailyCap), Math.ceil(bulk / i.pacing.bulkDailyCap))
  if (notices === 0) return Math.max(1, byCap)
  if (i.windowMs === null) return Math.max(1, byCap)
  if (i.windowMs <= 0) return null
  const byTime = Math.ceil(((ahead + notices) * i.pacing.meanIntervalMs) / i.windowMs)
  return Math.max(1, byTime, byCap)
}

/**
 * The day's sends counted when the outbox's last send of this session goes (the bulk lane's cap applies to that
 * count): the notices; with a reminder on the same day, also the replies sent before it (most are: it goes 2 h
 * before the start) and the reminders themselves.
 */
function bulkOnDay(notices: number, replies: number, reminders: number, reminder: CapacityInput['reminder']): number {
  return notices + (reminder === 'same_day' ? replies + reminders : 0)
}

/**
 * What is still queued on an account `untilMs` from now: the queue of now, and the sends added later, each drained at
 * the mean interval (the pacer sends back to back while anything is queued).
 */
export function backlogAt(queuedNow: number, added: readonly PlannedSends[], untilMs: number, mean: number): number {
  if (mean <= 0) return 0
  let backlog = queuedNow
  let t = 0
  const inOrder = added.map((a) => ({ at: Math.max(0, a.inMs), sends: a.sends })).sort((a, b) => a.at - b.at)
  for (const a of inOrder) {
    if (a.at > untilMs) break
    backlog = Math.max(0, backlog - (a.at - t) / mean) + a.sends
    t = a.at
  }
  return Math.max(0, Math.ceil(backlog - (Math.max(t, untilMs) - t) / mean - 1e-9))
}

/** The reminder against the day counted: none, on that day, or on another one. */
export function reminderDay(reminderDate: string | null, countedDate: string): CapacityInput['reminder'] {
  if (reminderDate === null) return 'none'
  return reminderDate === countedDate ? 'same_day' : 'other_day'
}
