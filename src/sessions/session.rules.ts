/** Codes of DOMAIN.md and their Chinese names; pure lookups shared by imports, API and chat. */

export const SESSION_KINDS = [
  'pre_meeting',
  'lecture',
  'topic_study',
  'court_hearing',
  'all_staff_training',
  'enforcement_training',
  'appointment_training',
  'other',
] as const
export type SessionKind = (typeof SESSION_KINDS)[number]

export const SESSION_KIND_ZH: Record<SessionKind, string> = {
  pre_meeting: '会前学法',
  lecture: '法治专题讲座',
  topic_study: '法治专题学习',
  court_hearing: '旁听庭审',
  all_staff_training: '全员法治培训',
  enforcement_training: '执法人员培训',
  appointment_training: '任职培训',
  other: '其他',
}

export const SESSION_STATUSES = ['planned', 'held', 'cancelled'] as const
export type SessionStatus = (typeof SESSION_STATUSES)[number]
export const SESSION_STATUS_ZH: Record<SessionStatus, string> = { planned: '计划', held: '已举办', cancelled: '已取消' }

/**
 * One rule for every way in (API, dashboard, chat 安排学法, meetings feed, CSV import): a session whose start is
 * past when it is written is recorded as held — a new one, one whose start moved, one held by hand, one planned
 * again with its start past. Only a planned session edited while it runs, its start kept, stays planned: its
 * closing holds it.
 */
export function isRecordedHeld(
  before: { status: SessionStatus; startsAt: string } | null,
  after: { status: SessionStatus; startsAt: string },
  now: Date,
): boolean {
  if (after.status === 'cancelled') return false
  if (after.status === 'held') return true
  if (Date.parse(after.startsAt) >= now.getTime()) return false
  return before === null || before.status !== 'planned' || Date.parse(before.startsAt) !== Date.parse(after.startsAt)
}

/**
 * The status a change keeps when it asks for none: a session recorded as held whose start moves ahead is planned
 * again (a start past by mistake is corrected by editing the time); anything else keeps its status.
 */
export function keptStatus(before: { status: SessionStatus; startsAt: string }, startsAt: string, now: Date): SessionStatus {
  const movedAhead = Date.parse(startsAt) !== Date.parse(before.startsAt) && Date.parse(startsAt) > now.getTime()
  return before.status === 'held' && movedAhead ? 'planned' : before.status
}

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent', 'makeup'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
export const ATTENDANCE_STATUS_ZH: Record<AttendanceStatus, string> = {
  present: '出席',
  late: '迟到',
  excused: '请假',
  absent: '缺席',
  makeup: '补学',
}

/** Statuses that count as having attended (CONTRACT §4: rate = (present + late + makeup) / expected). */
export const ATTENDED_STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'makeup']

function reverse<K extends string>(map: Record<K, string>): Map<string, K> {
  const m = new Map<string, K>()
  for (const [code, zh] of Object.entries(map) as [K, string][]) {
    m.set(code.toLowerCase(), code)
    m.set(zh, code)
  }
  return m
}

const attendanceLookup = reverse(ATTENDANCE_STATUS_ZH)

export function parseAttendanceStatus(text: string): AttendanceStatus | null {
  return attendanceLookup.get(text.trim().toLowerCase()) ?? attendanceLookup.get(text.trim()) ?? null
}

/** Lists in CSV cells and chat: separated by ';', '；' or '、'. */
export function splitList(text: string): string[] {
  return text
    .split(/[;；、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}
