/** Every Chinese message the timeline sends (pure). */
import { formatLocalShortZh } from '../calendar.js'
import type { OutboundMessage } from '../delivery/channel.js'
import type { MaterialText } from './sessions.repo.js'

export interface SessionBrief {
  title: string
  startsAt: string
  body: string | null
  laws: string[]
}

const when = (s: SessionBrief, tz: string) => formatLocalShortZh(new Date(s.startsAt), tz)
const named = (s: SessionBrief) => (s.body ? `${s.body}「${s.title}」` : `「${s.title}」`)
const lawLine = (s: SessionBrief) => (s.laws.length ? `学习内容：${s.laws.map((l) => `《${l}》`).join('、')}` : '')

/** When this session's check-in opens (its own timeline settings), as in 「会前15分钟起」. */
export interface CheckinOpens {
  opensMinutesBefore: number
}
const opensAt = (c: CheckinOpens, before: string) => (c.opensMinutesBefore > 0 ? `${before}${c.opensMinutesBefore}分钟起` : '会议开始时起')

export function materialsMessage(
  s: SessionBrief,
  materials: MaterialText[],
  quiz: { deadlineAt: string | null } | null,
  checkIn: CheckinOpens,
  tz: string,
): OutboundMessage {
  const head = `【会前学法】${named(s)}将于${when(s, tz)}举行。`
  const quizLine = quiz
    ? `会前测验已发布，请回复「答题」开始作答${quiz.deadlineAt ? `，截止${formatLocalShortZh(new Date(quiz.deadlineAt), tz)}` : ''}。`
    : ''
  const body = materials.map((m) => `${m.title}\n${m.bodyMd}`).join('\n\n')
  const checkinLine = `${opensAt(checkIn, '会议开始前')}可回复「签到」。`
  const text = [head, lawLine(s), body, quizLine, checkinLine].filter((x) => x !== '').join('\n\n')
  const markdown = [`**${head}**`, lawLine(s), ...materials.map((m) => `### ${m.title}\n${m.bodyMd}`), quizLine, checkinLine]
    .filter((x) => x !== '')
    .join('\n\n')
  return { text, markdown, tag: 'session.materials' }
}

export function reminderMessage(s: SessionBrief, names: string[], hasQuiz: boolean, checkIn: CheckinOpens, tz: string): OutboundMessage {
  const what = hasQuiz ? '尚未完成会前测验，请回复「答题」尽快完成' : `请准时参加，${opensAt(checkIn, '会前')}可回复「签到」`
  const who = names.length ? `${names.join('、')}：` : ''
  return { text: `【学法提醒】${who}${named(s)}将于${when(s, tz)}开始，${what}。`, tag: 'session.reminder' }
}

export function noticeMessage(s: SessionBrief, change: 'moved' | 'cancelled', tz: string): OutboundMessage {
  const text =
    change === 'cancelled'
      ? `【学法通知】原定${when(s, tz)}的${named(s)}已取消，请相互转告。`
      : `【学法通知】${named(s)}时间调整为${when(s, tz)}，请按新时间参加。`
  return { text, tag: `session.notice.${change}` }
}

/** `quizOpen`: the session's quiz can still be answered (closing closes it), so the person is asked to. */
export function makeupMessage(s: SessionBrief, materials: MaterialText[], quizOpen: boolean, tz: string): OutboundMessage {
  const body = materials.map((m) => `${m.title}\n${m.bodyMd}`).join('\n\n')
  const ask = quizOpen ? '请自学并回复「答题」完成测验。' : '请自学。'
  const text = [`【补学】您已请假的${named(s)}（${when(s, tz)}）补学材料如下，${ask}`, lawLine(s), body]
    .filter((x) => x !== '')
    .join('\n\n')
  return { text, tag: 'official.makeup' }
}

export interface CloseSummary {
  expected: number
  counts: Record<string, number>
  quiz: { assigned: number; finished: number } | null
}

export function summaryMessage(s: SessionBrief, sum: CloseSummary, tz: string): OutboundMessage {
  const c = sum.counts
  const lines = [
    `【学法小结】${named(s)}（${when(s, tz)}）已结束。`,
    `应到${sum.expected}人：出席${c.present ?? 0}、迟到${c.late ?? 0}、请假${c.excused ?? 0}、缺席${c.absent ?? 0}。`,
  ]
  if (sum.quiz) lines.push(`会前测验完成${sum.quiz.finished}/${sum.quiz.assigned}人。`)
  if ((c.excused ?? 0) > 0) lines.push('请假人员的补学材料已发送。')
  return { text: lines.join('\n'), tag: 'session.summary' }
}

export function weeklyDigestMessage(items: SessionBrief[], tz: string): OutboundMessage {
  const lines = items.map(
    (s, i) => `${i + 1}. ${when(s, tz)} ${named(s)}${s.laws.length ? `（${s.laws.map((l) => `《${l}》`).join('、')}）` : ''}`,
  )
  const head = '【本周学法清单】'
  return { text: [head, ...lines].join('\n'), markdown: [`**${head}**`, ...lines].join('\n'), tag: 'digest.weekly' }
}
