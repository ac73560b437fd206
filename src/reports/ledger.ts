import type { Executor } from '../storage/db.js'
import { formatLocal, yearRange } from '../calendar.js'
import { csvCell, csvRow } from '../csv.js'
import { ATTENDANCE_LABELS, EXAM_LABELS, KIND_LABELS, LEDGER, NO, OUTCOME_LABELS, SOURCE_LABELS, YES } from './copy.zh.js'
import { studyListRows } from './study-list.ledger.js'
import * as repo from './ledger.repo.js'
import { listAnnualExamPeople, listAppointmentCandidates } from './exam-figures.repo.js'
import { ATTENDED_STATUSES, type AttendanceStatus } from '../sessions/session.rules.js'
import { resolveReportUnit } from './report.service.js'
import { collectQuestionStats } from './question-stats.service.js'
import { questionSheets } from './question-stats.words.js'
import type { ReportUnit, SessionKind } from './report.types.js'

export type LedgerCell = string | number | null
export interface LedgerSheet {
  key: keyof typeof LEDGER.sheets
  name: string
  header: string[]
  rows: LedgerCell[][]
}
export interface Ledger {
  year: number
  unit: ReportUnit
  /** local time of the export, 'YYYY-MM-DD HH:mm' (the printed title row says it) */
  exportedAt: string
  sheets: LedgerSheet[]
}

export interface LedgerOptions {
  year: number
  unitCode?: string
  tz: string
  /** when the ledger is exported (default: now) */
  now?: Date
}

const yesNo = (v: LedgerCell | undefined): string | null => (v == null ? null : Number(v) === 1 ? YES : NO)
const label = (labels: Record<string, string>, v: LedgerCell | undefined): LedgerCell => (v == null ? null : (labels[String(v)] ?? v))

/** Collects the rows behind every figure of the report for the same year and unit. */
export async function collectLedger(ex: Executor, options: LedgerOptions): Promise<Ledger> {
  const { unit, scopePath } = await resolveReportUnit(ex, options.unitCode)
  const scope = { scopePath, ...yearRange(options.year, options.tz) }
  const local = (v: LedgerCell | undefined): string | null => (v == null ? null : formatLocal(new Date(String(v)), options.tz))
  const [sessions, attendance, quizzes, candidates, annual, exams, studyList, questionStats] = await Promise.all([
    repo.listLedgerSessions(ex, scope),
    repo.listLedgerAttendance(ex, scope),
    repo.listLedgerQuizzes(ex, scope),
    listAppointmentCandidates(ex, scope),
    listAnnualExamPeople(ex, scope),
    repo.listLedgerExamResults(ex, scope),
    studyListRows(ex, { ...scope, year: options.year }),
    collectQuestionStats(ex, scope),
  ])
  const sheet = (key: LedgerSheet['key'], rows: LedgerCell[][]): LedgerSheet => ({
    key,
    name: LEDGER.sheets[key],
    header: LEDGER.headers[key],
    rows,
  })
  return {
    year: options.year,
    unit,
    exportedAt: formatLocal(options.now ?? new Date(), options.tz),
    sheets: [
      sheet(
        'sessions',
        sessions.map(
          (s) =>
            [
              s.id,
              KIND_LABELS[s.kind as SessionKind] ?? s.kind,
              s.title,
              local(s.starts_at),
              s.unit_code,
              s.unit_name,
              s.body,
              s.meeting_no,
              s.hours,
              s.presenter,
              s.laws,
            ] as LedgerCell[],
        ),
      ),
      sheet(
        'attendance',
        attendance.map(
          (a) =>
            [
              a.session_id,
              a.title,
              local(a.starts_at),
              a.official_id,
              a.name,
              a.unit_code,
              label(ATTENDANCE_LABELS, a.status),
              ATTENDED_STATUSES.includes(a.status as AttendanceStatus) ? YES : NO,
              a.note,
              label(SOURCE_LABELS, a.source),
              local(a.marked_at),
            ] as LedgerCell[],
        ),
      ),
      sheet(
        'quizzes',
        quizzes.map(
          (q) =>
            [
              q.session_id,
              q.title,
              q.quiz_id,
              label(LEDGER.retakes, q.retakes),
              q.official_id,
              q.name,
              q.unit_code,
              q.attempt_no == null ? NO : YES,
              q.attempt_no,
              q.score,
              yesNo(q.passed),
            ] as LedgerCell[],
        ),
      ),
      sheet(
        'candidates',
        candidates.map((c) => [
          c.officialId,
          c.name ?? null,
          c.unitCode ?? null,
          c.sittings,
          c.sittings ? (c.passed ? YES : NO) : null,
          c.makeups,
          label(OUTCOME_LABELS, c.outcome),
        ]),
      ),
      sheet(
        'annual',
        annual.map((p) => [p.officialId, p.name, p.unitCode, p.sittings, p.best, p.sittings ? (p.passed ? YES : NO) : null]),
      ),
      sheet(
        'exams',
        exams.map(
          (e) =>
            [
              label(EXAM_LABELS, e.exam_kind),
              e.official_id,
              e.name,
              e.unit_code,
              local(e.taken_at),
              e.score,
              e.passed == null ? null : LEDGER.verdict(String(e.exam_kind), Number(e.passed) === 1),
              e.attempt,
              e.proposed_post,
              label(OUTCOME_LABELS, e.outcome),
              label(SOURCE_LABELS, e.source),
            ] as LedgerCell[],
        ),
      ),
      // only where a unit in scope has a 学法清单 for the year
      ...(studyList.length ? [sheet('studyList', studyList)] : []),
      ...questionSheets(questionStats).map((s) => sheet(s.key, s.rows)),
    ],
  }
}

/**
 * One CSV file with a section per sheet (a title line, the header, the rows, a blank line), with a BOM
 * so that Excel opens the Chinese text as UTF-8.
 */
export function renderLedgerCsv(ledger: Ledger): string {
  const lines: string[] = [csvCell(LEDGER.title(ledger.year, ledger.unit.name)), '']
  for (const s of ledger.sheets) lines.push(csvCell(`【${s.name}】`), csvRow(s.header), ...s.rows.map(csvRow), '')
  return `\uFEFF${lines.join('\r\n')}`
}
