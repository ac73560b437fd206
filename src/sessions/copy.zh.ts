/** Every Chinese message the timeline sends (pure). */
import { formatLocalShortZh } from '../calendar.js'
import type { OutboundMessage } from '../delivery/channel.js'
import { packMessages } from '../delivery/message-length.js'
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

/** A session's quiz as one person's notice carries it. */
export interface NoticeQuiz {
  /** the quiz's number, which an answer may start with (`#12 1A 2BC 3对`) when several quizzes wait */
  tag: number
  deadlineAt: string | null
  /** the person's own layout, one block per question; null when it cannot be answered in one message (简答题) */
  questions: string[] | null
}

/** How much of each material a notice with a link to the full text carries. */
const SUMMARY_CHARS = 120

function summary(m: MaterialText): string {
  const first = m.bodyMd.split(/\n\s*\n/u)[0]!.trim()
  const chars = [...first]
  return `${m.title}\n${chars.length > SUMMARY_CHARS ? `${chars.slice(0, SUMMARY_CHARS).join('')}……` : first}`
}

/**
 * The material and quiz notice to one bound person: the material, then the whole quiz in their layout and how to
 * answer it in one message, then 签到 — one message where it fits, else as few as WeChat's length allows
 * (`packMessages`). With `link` (the person's page with the full text) a notice that would not fit in one message
 * carries the first part of each material instead; without one it carries the full text.
 */
export function materialsNotice(
  s: SessionBrief,
  materials: MaterialText[],
  quiz: NoticeQuiz | null,
  checkIn: CheckinOpens,
  tz: string,
  link: string | null,
): string[] {
  return noticeWriter(s, materials, checkIn, tz)(quiz, link)
}

/**
 * `materialsNotice` for a whole audience: what is the same for everyone (the heading, the material and its summary,
 * the times) is written once; each person's quiz and link are put in per person.
 */
export function noticeWriter(
  s: SessionBrief,
  materials: MaterialText[],
  checkIn: CheckinOpens,
  tz: string,
): (quiz: NoticeQuiz | null, link: string | null) => string[] {
  const head = `【会前学法】${named(s)}将于${when(s, tz)}举行。`
  return writeNotice(s, materials, tz, { head, quizName: '会前测验', tail: `${opensAt(checkIn, '会议开始前')}可回复「签到」。` })
}

/**
 * The make-up notice to one excused (or absent) person: as the material notice (the material, the whole quiz in
 * their layout, their link), under a 补学 heading, with the make-up's deadline; no 签到. `quiz`: null when there is
 * nothing left to answer.
 */
export function makeupNotice(
  s: SessionBrief,
  materials: MaterialText[],
  quiz: NoticeQuiz | null,
  tz: string,
  link: string | null,
  was: 'excused' | 'absent',
): string[] {
  const ask = quiz ? '请自学并完成补学测验，完成后自动记为补学。' : '请自学。'
  const head = `【补学】您${was === 'absent' ? '未参加' : '已请假'}的${named(s)}（${when(s, tz)}）补学材料如下，${ask}`
  return writeNotice(s, materials, tz, { head, quizName: '补学测验', tail: null })(quiz, link)
}

function writeNotice(
  s: SessionBrief,
  materials: MaterialText[],
  tz: string,
  o: { head: string; quizName: string; tail: string | null },
): (quiz: NoticeQuiz | null, link: string | null) => string[] {
  const { head } = o
  const law = lawLine(s)
  const fullTexts = materials.map((m) => `${m.title}\n${m.bodyMd}`)
  const summaries = materials.map(summary)
  const deadlines = new Map<string, string>()
  const deadlineOf = (at: string | null) => {
    if (!at) return ''
    let d = deadlines.get(at)
    if (d === undefined) {
      d = `，截止${formatLocalShortZh(new Date(at), tz)}`
      deadlines.set(at, d)
    }
    return d
  }
  return (quiz, link) => {
    const deadline = deadlineOf(quiz?.deadlineAt ?? null)
    const quizBlocks: string[] = []
    if (quiz?.questions) {
      quizBlocks.push(`【${o.quizName} #${quiz.tag}】共${quiz.questions.length}题${deadline}。`, ...quiz.questions)
      quizBlocks.push(
        '作答：把全部答案按题号在一条消息里回复，如「1A 2BC 3对」（多选题写全部字母，判断题写 对 或 错）；每题只选一个字母时也可按顺序连写，如「ABCDA」。' +
          `同时有几个测验待答时，在答案前加上编号，如「#${quiz.tag} 1A 2BC 3对」。回复「答题」则一次一题作答。`,
      )
    } else if (quiz) quizBlocks.push(`${o.quizName}已发布，请回复「答题」开始作答${deadline}。`)
    const linkLine = link ? linkLineOf(link, quiz !== null) : ''
    // the link right under the heading: the one thing to tap, seen before the text is scrolled
    const blocks = (texts: string[]) => [head, linkLine, law, ...texts, ...quizBlocks, ...(o.tail === null ? [] : [o.tail])]
    const full = packMessages(blocks(fullTexts))
    if (link === null || full.length === 1) return full
    return packMessages(blocks(summaries))
  }
}

/** A group's copy of an announcement, naming the people of the unit the bot cannot reach in private. */
export function forUnreachable(message: OutboundMessage, names: string[]): OutboundMessage {
  const who = `${names.join('、')}：`
  return { ...message, text: `${who}\n${message.text}`, ...(message.markdown ? { markdown: `${who}\n\n${message.markdown}` } : {}) }
}

const linkLineOf = (link: string, hasQuiz: boolean) => `${hasQuiz ? '在手机上阅读全文并作答' : '在手机上阅读全文'}：${link}`

/** `link`: the person's own page, in a private reminder (never in a group's). */
export function reminderMessage(
  s: SessionBrief,
  names: string[],
  hasQuiz: boolean,
  checkIn: CheckinOpens,
  tz: string,
  link: string | null = null,
): OutboundMessage {
  const what = hasQuiz ? '尚未完成会前测验，请回复「答题」尽快完成' : `请准时参加，${opensAt(checkIn, '会前')}可回复「签到」`
  const who = names.length ? `${names.join('、')}：` : ''
  const text = `【学法提醒】${who}${named(s)}将于${when(s, tz)}开始，${what}。`
  return { text: hasQuiz && link ? `${text}\n${linkLineOf(link, true)}` : text, tag: 'session.reminder' }
}

export function noticeMessage(s: SessionBrief, change: 'moved' | 'cancelled', tz: string): OutboundMessage {
  const text =
    change === 'cancelled'
      ? `【学法通知】原定${when(s, tz)}的${named(s)}已取消，请相互转告。`
      : `【学法通知】${named(s)}时间调整为${when(s, tz)}，请按新时间参加。`
  return { text, tag: `session.notice.${change}` }
}

export interface CloseSummary {
  expected: number
  counts: Record<string, number>
  quiz: { assigned: number; finished: number } | null
  /** who is given the make-up besides the excused, and whether it has a quiz that marks 补学 when finished */
  makeup?: { absent: boolean; quiz: boolean }
}

export function summaryMessage(s: SessionBrief, sum: CloseSummary, tz: string): OutboundMessage {
  const c = sum.counts
  const lines = [
    `【学法小结】${named(s)}（${when(s, tz)}）已结束。`,
    `应到${sum.expected}人：出席${c.present ?? 0}、迟到${c.late ?? 0}、请假${c.excused ?? 0}、缺席${c.absent ?? 0}。`,
  ]
  if (sum.quiz) lines.push(`会前测验完成${sum.quiz.finished}/${sum.quiz.assigned}人。`)
  const auto = sum.makeup?.quiz ? '，完成补学测验后自动记为补学' : ''
  if (sum.makeup?.absent && (c.excused ?? 0) + (c.absent ?? 0) > 0) lines.push(`请假、缺席人员的补学材料已发送${auto}。`)
  else if ((c.excused ?? 0) > 0) lines.push(`请假人员的补学材料已发送${auto}。`)
  return { text: lines.join('\n'), tag: 'session.summary' }
}

export function weeklyDigestMessage(items: SessionBrief[], tz: string): OutboundMessage {
  const lines = items.map(
    (s, i) => `${i + 1}. ${when(s, tz)} ${named(s)}${s.laws.length ? `（${s.laws.map((l) => `《${l}》`).join('、')}）` : ''}`,
  )
  const head = '【本周学法清单】'
  return { text: [head, ...lines].join('\n'), markdown: [`**${head}**`, ...lines].join('\n'), tag: 'digest.weekly' }
}
