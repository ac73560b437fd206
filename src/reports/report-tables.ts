/** The report's tables as plain rows of text, shared by the Markdown and DOCX renderers. */
import { KIND_LABELS, MET, NOT_APPLICABLE, NOT_MET, NO_BODY, TABLE as T } from './copy.zh.js'
import { percent } from './narrative.zh.js'
import { RATE_TARGETS } from './targets.js'
import { SESSION_KINDS, type AnnualReport, type TargetCheck } from './report.types.js'

export interface TextTable {
  title: string
  header: string[]
  rows: string[][]
}

const DASH = '—'
export const fmtRate = (r: number | null): string => (r === null ? DASH : percent(r))
export const fmtNum = (n: number | null): string => (n === null ? DASH : String(n))

function fmtTargetValue(t: TargetCheck, v: number | null): string {
  return RATE_TARGETS.has(t.id) ? fmtRate(v) : fmtNum(v)
}

export function targetsTable(r: AnnualReport): TextTable {
  return {
    title: T.targets,
    header: [T.target, T.required, T.actual, T.met],
    rows: r.targets.map((t) => [
      t.label,
      `≥ ${fmtTargetValue(t, t.required)}`,
      fmtTargetValue(t, t.actual),
      t.met === null ? NOT_APPLICABLE : t.met ? MET : NOT_MET,
    ]),
  }
}

export function sessionsTable(r: AnnualReport): TextTable {
  const prev = r.previousYear
  const header = [T.kind, T.thisYear(r.year), ...(prev ? [T.thisYear(r.year - 1)] : [])]
  const row = (label: string, now: number, before: number | undefined) => [label, String(now), ...(prev ? [String(before ?? 0)] : [])]
  return {
    title: T.sessions,
    header,
    rows: [
      ...SESSION_KINDS.map((k) => row(KIND_LABELS[k], r.sessions.byKind[k], prev?.sessions.byKind[k])),
      row(T.heldTotal, r.sessions.held, prev?.sessions.held),
      row(T.hours, r.sessions.hours, prev?.sessions.hours),
    ],
  }
}

export function bodiesTable(r: AnnualReport): TextTable {
  return {
    title: KIND_LABELS.pre_meeting,
    header: [T.body, T.count],
    rows: r.sessions.preMeetingByBody.map((b) => [b.body ?? NO_BODY, String(b.count)]),
  }
}

export function lawsTable(r: AnnualReport): TextTable {
  return { title: T.laws, header: [T.law, T.lawSessions], rows: r.sessions.laws.map((l) => [`《${l.title}》`, String(l.sessions)]) }
}

/** Attendance, quizzes and exams as item / this year / last year. */
export function figuresTable(r: AnnualReport): TextTable {
  const p = r.previousYear
  const items: [string, (y: NonNullable<typeof p>) => string][] = [
    [`${T.attendance}·${T.expected}`, (y) => fmtNum(y.attendance.expected)],
    [`${T.attendance}·${T.personTimes}`, (y) => fmtNum(y.attendance.personTimes)],
    [`${T.attendance}·${T.people}`, (y) => fmtNum(y.attendance.people)],
    [`${T.attendance}·${T.rate}`, (y) => fmtRate(y.attendance.rate)],
    [`${T.quizzes}·${T.assigned}`, (y) => fmtNum(y.quizzes.assigned)],
    [`${T.quizzes}·${T.completed}`, (y) => fmtNum(y.quizzes.completed)],
    [`${T.quizzes}·${T.completionRate}`, (y) => fmtRate(y.quizzes.completionRate)],
    [`${T.quizzes}·${T.averageScore}`, (y) => fmtNum(y.quizzes.averageScore)],
    [`${T.quizzes}·${T.passRate}`, (y) => fmtRate(y.quizzes.passRate)],
    [`${T.appointmentShort}·${T.candidates}`, (y) => fmtNum(y.exams.appointment.candidates)],
    [`${T.appointmentShort}·${T.tested}`, (y) => fmtNum(y.exams.appointment.tested)],
    [`${T.appointmentShort}·${T.coverage}`, (y) => fmtRate(y.exams.appointment.coverage)],
    [`${T.appointmentShort}·${T.passed}`, (y) => fmtNum(y.exams.appointment.passed)],
    [`${T.appointmentShort}·${T.passRate}`, (y) => fmtRate(y.exams.appointment.passRate)],
    [`${T.appointmentShort}·${T.makeups}`, (y) => fmtNum(y.exams.appointment.makeups)],
    [`${T.appointmentShort}·${T.deferred}`, (y) => fmtNum(y.exams.appointment.deferred)],
    [`${T.appointmentShort}·${T.withdrawn}`, (y) => fmtNum(y.exams.appointment.withdrawn)],
    [`${T.enforcementShort}·${T.sittings}`, (y) => fmtNum(y.exams.enforcement_cert.sittings)],
    [`${T.enforcementShort}·${T.examPersonTimes}`, (y) => fmtNum(y.exams.enforcement_cert.personTimes)],
    [`${T.enforcementShort}·${T.passRate}`, (y) => fmtRate(y.exams.enforcement_cert.passRate)],
    [`${T.annualShort}·${T.enrolled}`, (y) => fmtNum(y.exams.annual.enrolled)],
    [`${T.annualShort}·${T.participationRate}`, (y) => fmtRate(y.exams.annual.participationRate)],
    [`${T.annualShort}·${T.passRate}`, (y) => fmtRate(y.exams.annual.passRate)],
    [`${T.annualShort}·${T.averageScore}`, (y) => fmtNum(y.exams.annual.averageScore)],
  ]
  return {
    title: `${T.attendance}、${T.quizzes}、${T.exams}`,
    header: [T.item, T.thisYear(r.year), ...(p ? [T.thisYear(r.year - 1)] : [])],
    rows: items.map(([label, get]) => [label, get(r), ...(p ? [get(p)] : [])]),
  }
}

/** Every table, in the order both renderers print them; empty tables are left out. */
export function reportTables(r: AnnualReport): TextTable[] {
  return [sessionsTable(r), bodiesTable(r), lawsTable(r), figuresTable(r), targetsTable(r)].filter((t) => t.rows.length > 0)
}
