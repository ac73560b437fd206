/**
 * The cell-level vocabulary of CONTRACT §2: booleans, times, lists, the code/中文 enums and
 * question answers. Pure functions returning `null` for "not a valid value", so callers word the problem.
 */
import { localDate, parseDateTime, zonedToInstant } from '../calendar.js'
import { normalizeLawTitle } from '../laws.js'
import { SESSION_KINDS, splitList } from '../sessions/session.rules.js'

const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes'])
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no'])

/** 是/否/true/false/1/0 (case-insensitive; Excel writes TRUE/FALSE). */
export function parseBoolean(text: string): boolean | null {
  const s = text.trim().toLowerCase()
  if (TRUE_WORDS.has(s)) return true
  if (FALSE_WORDS.has(s)) return false
  return null
}

/**
 * Time-zone conversions cost tens of microseconds each and a roster repeats the same few thousand dates,
 * so results are remembered (bounded) — 10,000 joining dates would otherwise take a third of a second.
 */
const remembered = new Map<string, string | null>()
function memo(key: string, compute: () => string | null): string | null {
  const hit = remembered.get(key)
  if (hit !== undefined) return hit
  if (remembered.size >= 20_000) remembered.clear()
  const value = compute()
  remembered.set(key, value)
  return value
}

/** 'YYYY-MM-DD HH:mm' (or a bare date) in `tz`, or ISO 8601 with an offset → ISO UTC text. */
export function parseInstant(text: string, tz: string): string | null {
  return memo(`i|${tz}|${text}`, () => parseDateTime(text, tz)?.toISOString() ?? null)
}

/** A day, stored as the instant of its local midnight in `tz`; a time of day, if given, is dropped. */
export function parseLocalDay(text: string, tz: string): string | null {
  return memo(`d|${tz}|${text}`, () => {
    const d = parseDateTime(text, tz)
    if (!d) return null
    const [y, m, day] = localDate(d, tz).split('-').map(Number) as [number, number, number]
    return zonedToInstant(y, m, day, 0, 0, tz).toISOString()
  })
}

/** Normalised law titles, first occurrence kept, order kept. */
export function parseLaws(text: string): string[] {
  const seen = new Set<string>()
  for (const item of splitList(text)) {
    const title = normalizeLawTitle(item)
    if (title !== '') seen.add(title)
  }
  return [...seen]
}

/** Looks a cell up in a table of codes and their Chinese spellings (codes case-insensitive). */
export function lookupEnum<T extends string>(table: Readonly<Record<string, T>>, text: string): T | null {
  const s = text.trim()
  return table[s] ?? table[s.toLowerCase()] ?? null
}

function withCodes<T extends string>(codes: readonly T[], zh: Record<string, T>): Readonly<Record<string, T>> {
  const table: Record<string, T> = { ...zh }
  for (const c of codes) table[c] = c
  return table
}

export const SESSION_KIND_WORDS = withCodes(SESSION_KINDS, {
  会前学法: 'pre_meeting',
  法治专题讲座: 'lecture',
  专题讲座: 'lecture',
  法治专题学习: 'topic_study',
  领导班子法治专题学习: 'topic_study',
  旁听庭审: 'court_hearing',
  全员法治培训: 'all_staff_training',
  执法人员培训: 'enforcement_training',
  任职培训: 'appointment_training',
  任职培训法律课程: 'appointment_training',
  其他: 'other',
  其他学法活动: 'other',
})

export type SessionStatus = 'planned' | 'held' | 'cancelled'
export const SESSION_STATUS_WORDS = withCodes<SessionStatus>(['planned', 'held', 'cancelled'], {
  计划: 'planned',
  已计划: 'planned',
  已举办: 'held',
  举办: 'held',
  已取消: 'cancelled',
  取消: 'cancelled',
})

export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent' | 'makeup'
export const ATTENDANCE_STATUS_WORDS = withCodes<AttendanceStatus>(['present', 'late', 'excused', 'absent', 'makeup'], {
  出席: 'present',
  迟到: 'late',
  请假: 'excused',
  缺席: 'absent',
  补学: 'makeup',
})

export type QuestionType = 'single' | 'multiple' | 'judge' | 'short'
export const QUESTION_TYPE_WORDS = withCodes<QuestionType>(['single', 'multiple', 'judge', 'short'], {
  单选: 'single',
  单选题: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  判断: 'judge',
  判断题: 'judge',
  简答: 'short',
  简答题: 'short',
})

export type ExamKind = 'appointment' | 'enforcement_cert' | 'annual'
export const EXAM_KIND_WORDS = withCodes<ExamKind>(['appointment', 'enforcement_cert', 'annual'], {
  任前考试: 'appointment',
  任前法律知识考试: 'appointment',
  执法资格考试: 'enforcement_cert',
  行政执法资格考试: 'enforcement_cert',
  年度学法考试: 'annual',
})

export type ExamOutcome = 'passed' | 'deferred' | 'withdrawn'
export const EXAM_OUTCOME_WORDS = withCodes<ExamOutcome>(['passed', 'deferred', 'withdrawn'], {
  通过: 'passed',
  暂缓任用: 'deferred',
  撤回提名: 'withdrawn',
})

/** A group robot's platform (how it @-mentions), or an application the person is reached on in private (issue 20). */
export type HandlePlatform = 'wecom' | 'dingtalk' | 'feishu' | 'wecom-app' | 'dingtalk-app'
export const PLATFORM_WORDS = withCodes<HandlePlatform>(['wecom', 'dingtalk', 'feishu', 'wecom-app', 'dingtalk-app'], {
  企业微信: 'wecom',
  钉钉: 'dingtalk',
  飞书: 'feishu',
  企业微信应用: 'wecom-app',
  钉钉应用: 'dingtalk-app',
})

/** A mobile number as the platforms take it: digits, an optional leading +; spaces and dashes dropped. */
export function parseMobile(text: string): string | null {
  const s = text.replace(/[\s-]/g, '')
  return /^\+?\d{6,20}$/.test(s) ? s : null
}

const JUDGE_WORDS: Readonly<Record<string, 'T' | 'F'>> = {
  对: 'T',
  正确: 'T',
  '√': 'T',
  '✓': 'T',
  t: 'T',
  true: 'T',
  错: 'F',
  错误: 'F',
  '×': 'F',
  '✗': 'F',
  x: 'F',
  f: 'F',
  false: 'F',
}

/** 判断 answers: 对/错/√/×/true/false/T/F → 'T' | 'F'. */
export function parseJudgeAnswer(text: string): 'T' | 'F' | null {
  return JUDGE_WORDS[text.trim().toLowerCase()] ?? null
}

/**
 * Choice answers: letters, in any case and order, optionally separated ('a, c、D') → sorted unique capitals
 * ('ACD'); null when something other than letters A–F is written.
 */
export function parseChoiceLetters(text: string): string | null {
  const s = text.replace(/[\s,，、;；]/g, '').toUpperCase()
  if (!/^[A-F]+$/.test(s)) return null
  return [...new Set(s)].sort().join('')
}

/** A finite decimal number ('85', '85.5'); null for anything else. */
export function parseNumber(text: string): number | null {
  const s = text.trim()
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null
  return Number(s)
}
