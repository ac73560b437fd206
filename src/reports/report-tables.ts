/** The report's tables as plain rows of text, shared by the Markdown and DOCX renderers. */
import { EXAM_LABELS, KIND_LABELS, MET, NOT_APPLICABLE, NOT_MET, NO_BODY, TABLE as T } from './copy.zh.js'
import { percent } from './numbers.zh.js'
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

/**
 * Per kind held with attendance recorded: how many, 参学人次 and 参学人数 (the figures the narrative gives for each
 * training and lecture). A kind with no attendance recorded is left out, as in the narrative: 「8次 0人次」 would read
 * as nobody coming; its count is in the 学法活动 table.
 */
export function reachTable(r: AnnualReport): TextTable {
  const s = r.sessions
  return {
    title: T.reach,
    header: [T.kind, T.count, T.personTimes, T.people],
    rows: SESSION_KINDS.filter((k) => s.byKind[k] > 0 && s.reachByKind[k].personTimes > 0).map((k) => [
      KIND_LABELS[k],
      String(s.byKind[k]),
      String(s.reachByKind[k].personTimes),
      String(s.reachByKind[k].people),
    ]),
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
    [`${T.quizzes}·${T.quizPassRate}`, (y) => fmtRate(y.quizzes.passRate)],
    [`${EXAM_LABELS.appointment}·${T.candidates}`, (y) => fmtNum(y.exams.appointment.candidates)],
    [`${EXAM_LABELS.appointment}·${T.tested}`, (y) => fmtNum(y.exams.appointment.tested)],
    [`${EXAM_LABELS.appointment}·${T.coverage}`, (y) => fmtRate(y.exams.appointment.coverage)],
    [`${EXAM_LABELS.appointment}·${T.passed}`, (y) => fmtNum(y.exams.appointment.passed)],
    [`${EXAM_LABELS.appointment}·${T.examPassRate}`, (y) => fmtRate(y.exams.appointment.passRate)],
    [`${EXAM_LABELS.appointment}·${T.makeups}`, (y) => fmtNum(y.exams.appointment.makeups)],
    [`${EXAM_LABELS.appointment}·${T.deferred}`, (y) => fmtNum(y.exams.appointment.deferred)],
    [`${EXAM_LABELS.appointment}·${T.withdrawn}`, (y) => fmtNum(y.exams.appointment.withdrawn)],
    [`${EXAM_LABELS.enforcement_cert}·${T.sittings}`, (y) => fmtNum(y.exams.enforcement_cert.sittings)],
    [`${EXAM_LABELS.enforcement_cert}·${T.examPersonTimes}`, (y) => fmtNum(y.exams.enforcement_cert.personTimes)],
    [`${EXAM_LABELS.enforcement_cert}·${T.examPassRate}`, (y) => fmtRate(y.exams.enforcement_cert.passRate)],
    [`${EXAM_LABELS.annual}·${T.enrolled}`, (y) => fmtNum(y.exams.annual.enrolled)],
    [`${EXAM_LABELS.annual}·${T.tested}`, (y) => fmtNum(y.exams.annual.tested)],
    [`${EXAM_LABELS.annual}·${T.participationRate}`, (y) => fmtRate(y.exams.annual.participationRate)],
    [`${EXAM_LABELS.annual}·${T.annualPassRate}`, (y) => fmtRate(y.exams.annual.passRate)],
    [`${EXAM_LABELS.annual}·${T.averageScore}`, (y) => fmtNum(y.exams.annual.averageScore)],
  ]
  return {
    title: `${T.attendance}、${T.quizzes}、${T.exams}`,
    header: [T.item, T.thisYear(r.year), ...(p ? [T.thisYear(r.year - 1)] : [])],
    rows: items.map(([label, get]) => [label, get(r), ...(p ? [get(p)] : [])]),
  }
}

const EMPTY_CELLS = new Set(['0', DASH, ''])

/** A row whose every figure is zero or a dash says nothing: it is left out. */
function withoutEmptyRows(t: TextTable): TextTable {
  return { ...t, rows: t.rows.filter((row) => row.slice(1).some((c) => !EMPTY_CELLS.has(c.trim()))) }
}

/** Every table with every row, in the order the renderers print them; empty tables are left out. */
export function reportTables(r: AnnualReport): TextTable[] {
  return [sessionsTable(r), reachTable(r), bodiesTable(r), lawsTable(r), figuresTable(r), targetsTable(r)].filter((t) => t.rows.length > 0)
}

/**
 * The tables as the Word document, the Markdown and the dashboard's preview all print them, with the same rows:
 * a row of zeros and dashes is left out, and a table left with no row.
 */
export function printedTables(r: AnnualReport): TextTable[] {
  return reportTables(r)
    .map(withoutEmptyRows)
    .filter((t) => t.rows.length > 0)
}
