import { localYear, parseDateTime } from '../calendar.js'
import { normalizeLaws } from '../laws.js'

export type ScheduleParse =
  | { ok: true; startsAt: Date; body: string; meetingNo: string | null; laws: string[] }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'time'; timeText: string }

const NUMERIC = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*(\d{1,2}):(\d{2})/
const CHINESE = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]\s*(上午|下午|晚上|中午)?\s*(\d{1,2})(?::(\d{2})|点(?:(半)|(\d{1,2})分?)?)/
/** what an organizer probably meant as the time, to quote it back */
const TIME_WORDS = /^[\d年月日号点分半:\-/.上下中晚早午今明后天周星期一二三四五六七八九十]+/
const pad = (n: number) => String(n).padStart(2, '0')

/** Reads the time at the start of the text: '2024-03-05 09:00', '3月5日 9:00', '3月5日下午3点半'. */
export function parseLeadingTime(text: string, now: Date, tz: string): { startsAt: Date; rest: string } | null {
  let year: number
  let month: number
  let day: number
  let hour: number
  let minute: number
  let length: number
  const numeric = NUMERIC.exec(text)
  const chinese = numeric ? null : CHINESE.exec(text)
  if (numeric) {
    ;[year, month, day, hour, minute] = numeric.slice(1, 6).map(Number) as [number, number, number, number, number]
    length = numeric[0].length
  } else if (chinese) {
    const explicitYear = chinese[1] !== undefined
    year = explicitYear ? Number(chinese[1]) : localYear(now, tz)
    month = Number(chinese[2])
    day = Number(chinese[3])
    hour = Number(chinese[5])
    if ((chinese[4] === '下午' || chinese[4] === '晚上') && hour < 12) hour += 12
    minute = chinese[6] !== undefined ? Number(chinese[6]) : chinese[7] ? 30 : chinese[8] !== undefined ? Number(chinese[8]) : 0
    length = chinese[0].length
    const guess = parseDateTime(`${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`, tz)
    // '1月10日' written in late December means next January
    if (!explicitYear && guess && guess.getTime() < now.getTime() - 30 * 86_400_000) year += 1
  } else return null
  const startsAt = parseDateTime(`${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`, tz)
  return startsAt ? { startsAt, rest: text.slice(length).trim() } : null
}

/** 安排学法 <时间> <会议> 《法律》… → what the organizer asked for. */
export function parseScheduleText(text: string, now: Date, tz: string): ScheduleParse {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, reason: 'empty' }
  const time = parseLeadingTime(trimmed, now, tz)
  if (!time) return { ok: false, reason: 'time', timeText: TIME_WORDS.exec(trimmed)?.[0] ?? trimmed.split(' ')[0] ?? trimmed }
  const laws = normalizeLaws([...time.rest.matchAll(/《([^》]+)》/g)].map((m) => m[1] ?? ''))
  let body = time.rest.replace(/《[^》]*》/g, ' ')
  const meetingNo = /第\s*\d+\s*次/.exec(body)?.[0].replace(/\s+/g, '') ?? null
  if (meetingNo) body = body.replace(/第\s*\d+\s*次/, ' ')
  body = body
    .replace(/[、，,;；]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return { ok: true, startsAt: time.startsAt, body, meetingNo, laws: [...new Set(laws)] }
}
