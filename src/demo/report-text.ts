/** The report as the demo prints it to stdout: the narrative paragraphs, the key figures, the files written. */
import { percent } from '../reports/numbers.zh.js'
import type { AnnualReport } from '../reports/report.types.js'
import { DEMO_COPY as C } from './copy.zh.js'
import { STANDING_MEETING } from './history.js'

const pct = (v: number | null) => (v === null ? C.none : percent(v))
const num = (v: number | null) => (v === null ? C.none : String(v))

export function formatReport(r: AnnualReport, files: { docx: string; xlsx: string }): string {
  const s = r.sessions
  const a = r.attendance
  const q = r.quizzes
  const ap = r.exams.appointment
  const en = r.exams.enforcement_cert
  const an = r.exams.annual
  const pre = s.preMeetingByBody.find((b) => b.body === STANDING_MEETING)?.count ?? 0
  const figures = [
    C.figSessions(s.held, pre, STANDING_MEETING, s.byKind.lecture, s.hours),
    C.figAttendance(a, pct(a.rate)),
    C.figQuizzes(q.assigned, q.completed, pct(q.completionRate), pct(q.passRate), num(q.averageScore)),
    C.figAppointment(ap.candidates, ap.tested, pct(ap.coverage), ap.passed, pct(ap.passRate), ap.makeups),
    ...(en.personTimes > 0 ? [C.figEnforcement(en.sittings, en.personTimes, pct(en.passRate))] : []),
    ...(an.tested > 0 ? [C.figAnnual(an.enrolled, an.tested, pct(an.participationRate), pct(an.passRate), num(an.averageScore))] : []),
    ...(r.previousYear ? [C.figPrevious(r.year - 1, pct(r.previousYear.attendance.rate))] : []),
  ]
  return [
    '',
    C.reportTitle(r.year, r.unit.name),
    '',
    C.narrativeHeading,
    ...r.narrative.map((p) => `  ${p}`),
    '',
    C.figuresHeading,
    ...figures.map((f) => `  · ${f}`),
    '',
    C.files,
    `  ${C.docx(files.docx)}`,
    `  ${C.xlsx(files.xlsx)}`,
    '',
  ].join('\n')
}
