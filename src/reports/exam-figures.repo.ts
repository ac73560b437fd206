/** The exam figures of the annual report: 任前, 执法资格 and 年度 exams, by people of the unit subtree. */
import type { Executor } from '../storage/db.js'
import { inSubtreeSql } from '../roster/units.repo.js'
import { APPOINTMENT_CANDIDATES_SQL } from '../exams/candidates.repo.js'
import { ANNUAL_EXPECTED_SQL } from '../exams/annual.repo.js'
import type { ReportScope } from './report.repo.js'

const num = (v: unknown): number => (v == null ? 0 : Number(v))
const str = (v: unknown): string | null => (v == null ? null : String(v))

export interface CandidateRow {
  officialId: string
  name?: string
  unitCode?: string
  sittings: number
  passed: boolean
  makeups: number
  outcome: string | null
}

export interface SittingRow {
  takenAt: string
  count: number
  passed: number
}

export interface AnnualExamRow {
  enrolled: number
  tested: number
  passed: number
  scoreSum: number
}

export async function listAppointmentCandidates(ex: Executor, scope: ReportScope): Promise<CandidateRow[]> {
  const inYear = `r.official_id = c.official_id AND r.exam_kind = 'appointment' AND r.taken_at >= :from AND r.taken_at < :to`
  const rs = await ex.execute({
    sql: `WITH cand AS (${APPOINTMENT_CANDIDATES_SQL})
          SELECT c.official_id, o.name, o.unit_code,
            (SELECT COUNT(*) FROM exam_results r WHERE ${inYear}) AS sittings,
            (SELECT MAX(passed) FROM exam_results r WHERE ${inYear}) AS passed,
            (SELECT COUNT(*) FROM exam_results r WHERE ${inYear} AND r.attempt > 1) AS makeups,
            COALESCE(
              (SELECT outcome FROM exam_results r WHERE ${inYear} AND r.outcome IS NOT NULL ORDER BY r.taken_at DESC LIMIT 1),
              (SELECT outcome FROM exams e WHERE e.official_id = c.official_id AND e.kind = 'appointment'
                 AND e.opens_at >= :from AND e.opens_at < :to AND e.outcome IS NOT NULL ORDER BY e.opens_at DESC LIMIT 1)
            ) AS outcome
          FROM cand c JOIN officials o ON o.id = c.official_id
          WHERE ${inSubtreeSql('o.unit_code')}
          ORDER BY c.official_id`,
    args: { ...scope },
  })
  return rs.rows.map((r) => ({
    officialId: String(r.official_id),
    name: String(r.name),
    unitCode: String(r.unit_code),
    sittings: num(r.sittings),
    passed: num(r.passed) === 1,
    makeups: num(r.makeups),
    outcome: str(r.outcome),
  }))
}

/** 执法资格考试 results grouped by instant; the caller folds instants into local dates (期). */
export async function countEnforcementSittings(ex: Executor, scope: ReportScope): Promise<SittingRow[]> {
  const rs = await ex.execute({
    sql: `SELECT r.taken_at, COUNT(*) AS n, SUM(r.passed) AS passed
          FROM exam_results r JOIN officials o ON o.id = r.official_id
          WHERE r.exam_kind = 'enforcement_cert' AND r.taken_at >= :from AND r.taken_at < :to
            AND ${inSubtreeSql('o.unit_code')}
          GROUP BY r.taken_at`,
    args: { ...scope },
  })
  return rs.rows.map((r) => ({ takenAt: String(r.taken_at), count: num(r.n), passed: num(r.passed) }))
}

/**
 * Whether the 年度学法考试 sitting `r` counts in the year (:from, :to): a sitting of an exam xuefa ran counts in the
 * year the exam opened (the year its title names), even when taken after the new year; an imported one (no exam)
 * in the year it was taken.
 */
export const annualResultInYearSql = (r: string): string =>
  `(${r}.exam_id IS NULL AND ${r}.taken_at >= :from AND ${r}.taken_at < :to
    OR ${r}.exam_id IN (SELECT id FROM exams WHERE kind = 'annual' AND opens_at >= :from AND opens_at < :to))`

/**
 * 年度学法考试, one row per person enrolled in the year (assigned in it and expected, or sat one counted in it) of the subtree: how
 * many sittings count, the best score (null: never sat) and whether any passed. The report's figures and the
 * ledger's sheet are both read from it.
 */
const ANNUAL_PEOPLE_SQL = `WITH enrolled AS (
    SELECT e.official_id FROM exams e JOIN officials o ON o.id = e.official_id
    WHERE e.kind = 'annual' AND e.opens_at >= :from AND e.opens_at < :to AND ${ANNUAL_EXPECTED_SQL}
    UNION SELECT r.official_id FROM exam_results r WHERE r.exam_kind = 'annual' AND ${annualResultInYearSql('r')})
  SELECT e.official_id, o.name, o.unit_code, COUNT(r.id) AS sittings, MAX(r.score) AS best, MAX(r.passed) AS passed
  FROM enrolled e JOIN officials o ON o.id = e.official_id
  LEFT JOIN exam_results r ON r.official_id = e.official_id AND r.exam_kind = 'annual' AND ${annualResultInYearSql('r')}
  WHERE ${inSubtreeSql('o.unit_code')}
  GROUP BY e.official_id`

export interface AnnualPersonRow {
  officialId: string
  name: string
  unitCode: string
  sittings: number
  best: number | null
  passed: boolean
}

export async function listAnnualExamPeople(ex: Executor, scope: ReportScope): Promise<AnnualPersonRow[]> {
  const rs = await ex.execute({ sql: `${ANNUAL_PEOPLE_SQL} ORDER BY e.official_id`, args: { ...scope } })
  return rs.rows.map((r) => ({
    officialId: String(r.official_id),
    name: String(r.name),
    unitCode: String(r.unit_code),
    sittings: num(r.sittings),
    best: r.best == null ? null : Number(r.best),
    passed: num(r.passed) === 1,
  }))
}

/** 年度学法考试: enrolled = assigned in the year, or sat one counted in it; each person's best sitting counts. */
export async function countAnnualExam(ex: Executor, scope: ReportScope): Promise<AnnualExamRow> {
  const rs = await ex.execute({
    sql: `WITH person AS (${ANNUAL_PEOPLE_SQL})
          SELECT COUNT(*) AS enrolled, COUNT(best) AS tested, SUM(COALESCE(passed, 0)) AS passed,
                 SUM(COALESCE(best, 0)) AS score_sum FROM person`,
    args: { ...scope },
  })
  const r = rs.rows[0]
  return { enrolled: num(r?.enrolled), tested: num(r?.tested), passed: num(r?.passed), scoreSum: num(r?.score_sum) }
}
