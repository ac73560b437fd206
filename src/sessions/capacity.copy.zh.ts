/** What the capacity view says, in the CLI and on the dashboard alike (one wording of the warning). */
import { formatLocal } from '../calendar.js'
import type { CapacityReport } from './capacity.service.js'

export const CAPACITY = {
  title: '发送容量',
  officials: '应通知人数',
  bound: '已绑定',
  unbound: '未绑定',
  accounts: '账号数',
  messages: '本次将发送消息数',
  fanout: '预计发完用时',
  capLeft: '今日剩余额度',
  date: '统计日期',
  noticeAt: '通知开始发送',
  deadline: '截止',
  perAccount: '各账号',
  queuedAhead: '前面已排队',
  sendsOnDay: '当天需发送',
  deadlineKind: { quiz: '测试截止', start: '活动开始' } as Record<'quiz' | 'start', string>,
  noNotice: '（通知已发出或不再发送）',
  unitScope: '（全单位人员，按一次活动向所有人发送通知估算）',
  ok: '通知可以按时发完。',
  seeWarning: '注意：通知可能无法按时发完，请看下方「发送容量」。',
  capOk: '当天额度够用。',
  noDeadline: '未指定活动，不检查能否按时发完（用 --session 指定一次活动）。',
}

const num = (n: number) => n.toLocaleString('en-US')

/** '约 25 分钟', '约 1 小时 5 分钟', '不到 1 分钟'. */
export function durationZh(ms: number): string {
  if (ms <= 0) return '无需发送'
  const minutes = Math.round(ms / 60_000)
  if (minutes < 1) return '不到 1 分钟'
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `约 ${h ? `${h} 小时` : ''}${h && m ? ' ' : ''}${m ? `${m} 分钟` : ''}`
}

/** '约 1,750 条（私信 1,700：通知 1,000、答题结果 450、提醒 300；群机器人 2 条）' */
export function messagesZh(r: CapacityReport): string {
  const m = r.messages
  const robot = m.robot ? `；群机器人 ${num(m.robot)} 条` : ''
  return `约 ${num(m.total)} 条（私信 ${num(m.private)}：通知 ${num(m.notices)}、答题结果 ${num(m.replies)}、提醒 ${num(m.reminders)}${robot}）`
}

/** '2,000 条（2024-06-24，每个账号每天最多 2,000 条）': the day is the notice's, which need not be today. */
export function capLeftZh(r: CapacityReport): string {
  const bulk = r.pacing.bulkDailyCap < r.pacing.dailyCap ? `，通知和提醒最多 ${num(r.pacing.bulkDailyCap)} 条，其余留给答题回复` : ''
  return `${num(r.capLeft)} 条（${r.date}，每个账号每天最多 ${num(r.pacing.dailyCap)} 条${bulk}）`
}

/** '3（另有 5 人未绑定，收不到私信）' */
export function boundZh(r: Pick<CapacityReport, 'bound' | 'unbound'>): string {
  return r.unbound ? `${num(r.bound)}（另有 ${num(r.unbound)} 人未绑定，收不到私信）` : num(r.bound)
}

/**
 * What more accounts would do: how many; or, when there are enough, what holds the slowest one back — other
 * sessions' messages queued ahead of this one's, or people bound unevenly.
 */
function accountsAdviceZh(r: CapacityReport, what: string): string {
  if (r.accountsNeeded === null) return ''
  if (r.accountsNeeded > r.accounts) return `需要 ${r.accountsNeeded} 个机器人账号才能${what}（现有 ${r.accounts} 个）。`
  const slowest = r.perAccount.reduce((a, b) => (b.fanoutMs > a.fanoutMs ? b : a))
  const enough = `${r.accountsNeeded} 个账号就能${what}`
  if (slowest.queuedAhead > 0)
    return `${enough}，但账号「${slowest.account}」前面还有 ${num(slowest.queuedAhead)} 条消息排队（其他活动的通知等），请错开发送时间或让人员分散绑定到各账号。`
  return `${enough}，但人员没有均衡分配：账号「${slowest.account}」绑定了 ${num(slowest.people)} 人，应让人员分散绑定到各账号。`
}

/** The warnings, in plain words: why the notices cannot all go out, and how many accounts would do. */
export function capacityWarningsZh(r: CapacityReport, tz: string): string[] {
  const out: string[] = []
  if (r.warnings.includes('late') && r.session) {
    const d = r.session.deadline
    const when = `${CAPACITY.deadlineKind[d.kind]}（${formatLocal(new Date(d.at), tz)}）`
    out.push(
      r.accountsNeeded === null
        ? `通知发出时已过${when}，增加账号也来不及，请调整活动时间或发送时间。`
        : `通知无法在${when}前全部发出：按每个账号平均 ${r.pacing.meanIntervalMs / 1000} 秒发一条，需要${durationZh(r.longestFanoutMs)}。` +
            accountsAdviceZh(r, '按时发完'),
    )
  }
  if (r.warnings.includes('cap')) {
    const over = r.perAccount.filter((a) => !a.fitsCap)
    const each = over
      .slice(0, 3)
      .map((a) =>
        a.sendsOnDay <= a.capLeft
          ? `账号「${a.account}」的通知和提醒约需 ${num(a.bulkSendsOnDay)} 条、只剩 ${num(a.bulkCapLeft)} 条（每天最后 ${num(r.pacing.dailyCap - r.pacing.bulkDailyCap)} 条留给答题回复）`
          : `账号「${a.account}」约需 ${num(a.sendsOnDay)} 条、剩余 ${num(a.capLeft)} 条`,
      )
      .join('；')
    // the accounts needed are one figure for both warnings: said once, with the first
    const advice = out.length > 0 && r.accountsNeeded !== null ? '' : accountsAdviceZh(r, '当天发完')
    out.push(`${r.date} 的发送额度不够：${each}${over.length > 3 ? ' 等' : ''}，超出的消息要到次日才能发出。${advice}`)
  }
  return out
}

/** How the estimate was made, so that a reader can judge it. */
export function assumptionsZh(r: CapacityReport): string {
  const a = r.assumptions
  const pct = (x: number) => `${Math.round(x * 100)}%`
  return (
    `测算依据：每个账号平均每 ${r.pacing.meanIntervalMs / 1000} 秒发送一条、每天最多 ${num(r.pacing.dailyCap)} 条，各账号同时发送；` +
    `每人一条通知${a.noticeParts > 1 ? `（分 ${a.noticeParts} 条）` : ''}；约 ${pct(a.chatAnswerShare)} 的人在聊天中答题，各回复 ${a.repliesPerChatAnswer} 条结果；` +
    `约 ${pct(a.unfinishedShareAtReminder)} 的人到提醒时仍未完成，各提醒 1 条；群机器人只向有未绑定人员的单位群发送。`
  )
}
