import type { Executor } from '../storage/db.js'
import { pathWithinSql } from '../roster/units.repo.js'

export interface AppointmentCandidate {
  officialId: string
  /** the latest 任前 exam assigned in the year (null: paper results only) */
  examId: number | null
  name: string
  unitCode: string
  proposedPost: string | null
  opensAt: string | null
  sittings: number
  bestScore: number | null
  passed: boolean | null
  state: string | null
  outcome: string | null
}

/**
 * Who is a 任前 candidate of a year (official_id, binding :from and :to): everyone assigned an appointment exam
 * that opens in the year, or with an appointment result taken in it (paper exams are imported without an
 * assignment). The one rule for the candidates page and the annual report's figures.
 */
export const APPOINTMENT_CANDIDATES_SQL = `SELECT official_id FROM exams WHERE kind = 'appointment' AND opens_at >= :from AND opens_at < :to
  UNION SELECT official_id FROM exam_results WHERE exam_kind = 'appointment' AND taken_at >= :from AND taken_at < :to`

/** 任前 candidates of a year within the viewer's units, with their post, sittings, best score and outcome. */
export async function listAppointmentCandidates(
  ex: Executor,
  range: { from: string; to: string },
  scopePath: string,
): Promise<AppointmentCandidate[]> {
  const exam = `e.official_id = o.id AND e.kind = 'appointment' AND e.opens_at >= :from AND e.opens_at < :to`
  const result = `r.official_id = o.id AND r.exam_kind = 'appointment' AND r.taken_at >= :from AND r.taken_at < :to`
  const rs = await ex.execute({
    sql: `WITH cand AS (${APPOINTMENT_CANDIDATES_SQL})
          SELECT o.id AS official_id, o.name, o.unit_code,
            (SELECT e.id FROM exams e WHERE ${exam} ORDER BY e.opens_at DESC, e.id DESC LIMIT 1) AS exam_id,
            COALESCE((SELECT e.proposed_post FROM exams e WHERE ${exam} ORDER BY e.opens_at DESC LIMIT 1),
                     (SELECT r.proposed_post FROM exam_results r WHERE ${result} AND r.proposed_post IS NOT NULL ORDER BY r.taken_at DESC LIMIT 1)) AS post,
            (SELECT max(e.opens_at) FROM exams e WHERE ${exam}) AS opens_at,
            (SELECT count(*) FROM exam_results r WHERE ${result}) AS sittings,
            (SELECT max(r.score) FROM exam_results r WHERE ${result}) AS best,
            (SELECT max(r.passed) FROM exam_results r WHERE ${result}) AS passed,
            (SELECT e.state FROM exams e WHERE ${exam} ORDER BY e.opens_at DESC LIMIT 1) AS state,
            COALESCE((SELECT r.outcome FROM exam_results r WHERE ${result} AND r.outcome IS NOT NULL ORDER BY r.taken_at DESC LIMIT 1),
                     (SELECT e.outcome FROM exams e WHERE ${exam} AND e.outcome IS NOT NULL ORDER BY e.opens_at DESC LIMIT 1)) AS outcome
          FROM cand c JOIN officials o ON o.id = c.official_id JOIN units u ON u.code = o.unit_code
          WHERE ${pathWithinSql('u.path', ':scope')}
          ORDER BY u.path, o.id`,
    args: { ...range, scope: scopePath },
  })
  return rs.rows.map((r) => ({
    officialId: String(r.official_id),
    examId: r.exam_id == null ? null : Number(r.exam_id),
    name: String(r.name),
    unitCode: String(r.unit_code),
    proposedPost: r.post == null ? null : String(r.post),
    opensAt: r.opens_at == null ? null : String(r.opens_at),
    sittings: Number(r.sittings),
    bestScore: r.best == null ? null : Number(r.best),
    passed: r.passed == null ? null : Number(r.passed) === 1,
    state: r.state == null ? null : String(r.state),
    outcome: r.outcome == null ? null : String(r.outcome),
  }))
}
