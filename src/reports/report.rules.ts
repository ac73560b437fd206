import type {
  AnnualExamBlock,
  AppointmentBlock,
  AttendanceBlock,
  EnforcementBlock,
  QuizzesBlock,
  SessionKind,
  SessionsBlock,
  YearFigures,
} from './report.types.js'
import { SESSION_KINDS } from './report.types.js'
import type { AttendanceCountRow, HeldSessionRow, QuizSessionRow } from './report.repo.js'
import type { AnnualExamRow, CandidateRow } from './exam-figures.repo.js'

/** Rounds half away from zero at `digits`, through a decimal string so 0.8875 does not become 0.8874. */
export function roundTo(value: number, digits: number): number {
  const sign = value < 0 ? -1 : 1
  const shifted = Number(`${Math.abs(value)}e${digits}`)
  return (sign * Math.round(shifted)) / 10 ** digits || 0
}

/** A fraction to 4 decimals; null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : roundTo(numerator / denominator, 4)
}

export function average(sum: number, count: number, digits = 1): number | null {
  return count === 0 ? null : roundTo(sum / count, digits)
}

/** Code-point order, like SQLite's BINARY collation: the same on every machine whatever its locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function emptyByKind(): Record<SessionKind, number> {
  return Object.fromEntries(SESSION_KINDS.map((k) => [k, 0])) as Record<SessionKind, number>
}

export interface SessionFacts {
  laws: { title: string; sessions: number }[]
  lawsByKind: { kind: string; title: string; sessions: number }[]
  /** attended marks per session (present, late, makeup) */
  attendedBySession: Map<string, number>
  peopleByKind: { kind: string; people: number }[]
}

const isKind = (k: string): k is SessionKind => (SESSION_KINDS as readonly string[]).includes(k)

/** 会前学法 per body, from the counts by body: most first, then by name (code points; no name last). */
export function preMeetingByBody(bodies: Map<string | null, number>): SessionsBlock['preMeetingByBody'] {
  return [...bodies]
    .map(([body, count]) => ({ body, count }))
    .sort((a, b) => b.count - a.count || byCodePoint(a.body ?? '\uffff', b.body ?? '\uffff'))
}

/** `rows` in date order (listHeldSessions). */
export function foldSessions(rows: HeldSessionRow[], facts: SessionFacts): SessionsBlock {
  const byKind = emptyByKind()
  const reachByKind = Object.fromEntries(SESSION_KINDS.map((k) => [k, { personTimes: 0, people: 0 }])) as SessionsBlock['reachByKind']
  const bodies = new Map<string | null, number>()
  const appointmentTrainingHours: number[] = []
  let hours = 0
  for (const s of rows) {
    hours += s.hours ?? 0
    if (!isKind(s.kind)) continue
    byKind[s.kind] += 1
    reachByKind[s.kind].personTimes += facts.attendedBySession.get(s.id) ?? 0
    if (s.kind === 'pre_meeting') bodies.set(s.body, (bodies.get(s.body) ?? 0) + 1)
    if (s.kind === 'appointment_training') appointmentTrainingHours.push(s.hours ?? 0)
  }
  for (const p of facts.peopleByKind) if (isKind(p.kind)) reachByKind[p.kind].people = p.people
  const lawsByKind: SessionsBlock['lawsByKind'] = {}
  for (const l of facts.lawsByKind) {
    if (!isKind(l.kind)) continue
    const list = lawsByKind[l.kind] ?? []
    list.push({ title: l.title, sessions: l.sessions })
    lawsByKind[l.kind] = list
  }
  return {
    held: rows.length,
    byKind,
    preMeetingByBody: preMeetingByBody(bodies),
    laws: facts.laws,
    hours: roundTo(hours, 2),
    lawsByKind,
    reachByKind,
    appointmentTrainingHours,
  }
}

export type StatusCounts = Pick<AttendanceBlock, 'present' | 'late' | 'excused' | 'makeup' | 'absent'>

export function emptyStatusCounts(): StatusCounts {
  return { present: 0, late: 0, excused: 0, makeup: 0, absent: 0 }
}

/** Marks per session, from the GROUP BY rows (sessions with no expected mark left out). */
export function countsBySession(rows: AttendanceCountRow[]): Map<string, StatusCounts> {
  const out = new Map<string, StatusCounts>()
  for (const { sessionId, ...c } of rows) if (expectedOf(c) > 0) out.set(sessionId, c)
  return out
}

export function expectedOf(c: StatusCounts): number {
  return c.present + c.late + c.excused + c.makeup + c.absent
}

/** Attended = present, late, or excused and made up afterwards. */
export function attendedOf(c: StatusCounts): number {
  return c.present + c.late + c.makeup
}

export function foldAttendance(bySession: Iterable<StatusCounts>, people: number): AttendanceBlock {
  const t = emptyStatusCounts()
  for (const c of bySession) for (const k of Object.keys(t) as (keyof StatusCounts)[]) t[k] += c[k]
  const expected = expectedOf(t)
  const personTimes = attendedOf(t)
  return { expected, ...t, rate: rate(personTimes, expected), personTimes, people }
}

/** A session quiz is assigned to everyone expected at its session. */
export function foldQuizzes(quizRows: QuizSessionRow[], expectedBySession: Map<string, number>): QuizzesBlock {
  let assigned = 0
  let completed = 0
  let scoreSum = 0
  let passed = 0
  for (const q of quizRows) {
    assigned += expectedBySession.get(q.sessionId) ?? 0
    completed += q.completed
    scoreSum += q.scoreSum
    passed += q.passed
  }
  return {
    assigned,
    completed,
    completionRate: rate(completed, assigned),
    averageScore: average(scoreSum, completed),
    passRate: rate(passed, completed),
  }
}

/** One person counts once: a failed first attempt and a passed make-up is one candidate, passed, one make-up. */
export function foldAppointment(rows: CandidateRow[]): AppointmentBlock {
  const tested = rows.filter((r) => r.sittings > 0)
  const passed = tested.filter((r) => r.passed).length
  return {
    candidates: rows.length,
    tested: tested.length,
    coverage: rate(tested.length, rows.length),
    passed,
    passRate: rate(passed, tested.length),
    makeups: rows.reduce((n, r) => n + r.makeups, 0),
    deferred: rows.filter((r) => r.outcome === 'deferred').length,
    withdrawn: rows.filter((r) => r.outcome === 'withdrawn').length,
  }
}

/** `sittingDates`: the local date of each result row; the distinct dates are the 期. */
export function foldEnforcement(sittingDates: { date: string; count: number; passed: number }[]): EnforcementBlock {
  const personTimes = sittingDates.reduce((n, s) => n + s.count, 0)
  const passed = sittingDates.reduce((n, s) => n + s.passed, 0)
  return { sittings: new Set(sittingDates.map((s) => s.date)).size, personTimes, passed, passRate: rate(passed, personTimes) }
}

export function foldAnnualExam(r: AnnualExamRow): AnnualExamBlock {
  return {
    enrolled: r.enrolled,
    tested: r.tested,
    participationRate: rate(r.tested, r.enrolled),
    passRate: rate(r.passed, r.tested),
    averageScore: average(r.scoreSum, r.tested),
  }
}

/** What the rates are read from: a year's figures, or the roll-up's total (rollup.rules.ts). */
type RateFigures = Pick<YearFigures, 'attendance' | 'quizzes' | 'exams'>

/** The rates compared year on year, keyed as in CONTRACT §4 ("enforcement_cert.passRate"). */
export function rateEntries(f: RateFigures): [string, number | null][] {
  return [
    ['attendance.rate', f.attendance.rate],
    ['quizzes.completionRate', f.quizzes.completionRate],
    ['quizzes.passRate', f.quizzes.passRate],
    ['appointment.coverage', f.exams.appointment.coverage],
    ['appointment.passRate', f.exams.appointment.passRate],
    ['enforcement_cert.passRate', f.exams.enforcement_cert.passRate],
    ['annual.participationRate', f.exams.annual.participationRate],
    ['annual.passRate', f.exams.annual.passRate],
  ]
}

/** Differences of the rates as fractions, only where both years have the rate. */
export function computeChanges(current: RateFigures, previous: RateFigures | null): Record<string, number> {
  if (previous === null) return {}
  const before = new Map(rateEntries(previous))
  const changes: Record<string, number> = {}
  for (const [key, now] of rateEntries(current)) {
    const then = before.get(key)
    if (now != null && then != null) changes[key] = roundTo(now - then, 4)
  }
  return changes
}

/** A year with nothing recorded is reported as null rather than as a row of zeros. */
export function isEmptyYear(f: RateFigures & { sessions: Pick<SessionsBlock, 'held'> }): boolean {
  const e = f.exams
  return (
    f.sessions.held === 0 &&
    f.attendance.expected === 0 &&
    e.appointment.candidates === 0 &&
    e.enforcement_cert.personTimes === 0 &&
    e.annual.enrolled === 0
  )
}
