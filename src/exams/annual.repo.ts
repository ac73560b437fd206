/** The 年度学法考试 xuefa runs: the exam, its enrolment (one exams row and quiz per official), who to notify, its figures. */
import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql, inSubtreeSql } from '../roster/units.repo.js'
import type { Blueprint } from '../quizzes/layout.rules.js'

export interface AnnualExam {
  id: number
  unitCode: string
  title: string
  opensAt: string
  closesAt: string
  minutes: number
  passScore: number
  attempts: number
  blueprint: Blueprint
  questionIds: string[]
  officials: number
  createdBy: string | null
  createdAt: string
}

function toAnnual(r: Row): AnnualExam {
  return {
    id: Number(r.id),
    unitCode: String(r.unit_code),
    title: String(r.title),
    opensAt: String(r.opens_at),
    closesAt: String(r.closes_at),
    minutes: Number(r.minutes),
    passScore: Number(r.pass_score),
    attempts: Number(r.attempts),
    blueprint: JSON.parse(String(r.blueprint_json)) as Blueprint,
    questionIds: JSON.parse(String(r.question_ids_json)) as string[],
    officials: Number(r.officials),
    createdBy: r.created_by == null ? null : String(r.created_by),
    createdAt: String(r.created_at),
  }
}

export async function findAnnualExam(ex: Executor, id: number): Promise<AnnualExam | null> {
  const rs = await ex.execute({ sql: 'SELECT * FROM annual_exams WHERE id = ?', args: [id] })
  return rs.rows[0] ? toAnnual(rs.rows[0]) : null
}

/**
 * SQL condition on officials `o`: on the roster while the window is open (not left by `:now`, not joining after
 * `closesAt`, an SQL expression) — the one rule of who an annual exam enrols.
 */
const current = (closesAt: string) => `(o.left_at IS NULL OR o.left_at > :now) AND (o.joined_at IS NULL OR o.joined_at < ${closesAt})`
const CURRENT = current(':closesAt')

/** The current officials of the unit's subtree an exam would enrol. */
export async function countEnrollable(ex: Executor, unitCode: string, now: string, closesAt: string): Promise<number> {
  const rs = await ex.execute({
    sql: `SELECT COUNT(*) AS n FROM officials o WHERE ${inSubtreeOfUnitSql('o.unit_code', ':unitCode')} AND ${CURRENT}`,
    args: { unitCode, now, closesAt },
  })
  return Number(rs.rows[0]?.n ?? 0)
}

/** How many of those officials already have an annual exam whose window overlaps this one. */
export async function countOverlapping(ex: Executor, unitCode: string, opensAt: string, closesAt: string, now: string): Promise<number> {
  const rs = await ex.execute({
    sql: `SELECT COUNT(DISTINCT e.official_id) AS n
          FROM exams e JOIN annual_exams a ON a.id = e.annual_id JOIN officials o ON o.id = e.official_id
          WHERE e.kind = 'annual' AND a.opens_at < :closesAt AND a.closes_at > :opensAt
            AND ${inSubtreeOfUnitSql('o.unit_code', ':unitCode')} AND ${CURRENT}`,
    args: { unitCode, opensAt, closesAt, now },
  })
  return Number(rs.rows[0]?.n ?? 0)
}

export type NewAnnualExam = Omit<AnnualExam, 'id' | 'createdAt' | 'createdBy'> & { createdBy: string }

export async function insertAnnualExam(ex: Executor, a: NewAnnualExam, now: string): Promise<number> {
  const rs = await ex.execute({
    sql: `INSERT INTO annual_exams (unit_code, title, opens_at, closes_at, minutes, pass_score, attempts, blueprint_json,
            question_ids_json, officials, created_by, created_at)
          VALUES (:unitCode, :title, :opensAt, :closesAt, :minutes, :passScore, :attempts, :blueprint, :questionIds,
            :officials, :createdBy, :now) RETURNING id`,
    args: {
      ...a,
      blueprint: JSON.stringify(a.blueprint),
      questionIds: JSON.stringify(a.questionIds),
      now,
    },
  })
  return Number(rs.rows[0]!.id)
}

/**
 * Enrols every current official of the exam's unit subtree, in three set-based statements whatever their number:
 * an `exams` row each (kind 'annual', what the report counts as enrolled), a quiz each (the window as its opening
 * and deadline, the sitting's minutes, the annual exam in its spec) and the same questions in each quiz.
 */
export function enrolStatements(annualId: number, now: string): InStatement[] {
  const args = { annualId, now }
  return [
    {
      sql: `INSERT INTO exams (kind, official_id, opens_at, minutes, pass_score, blueprint_json, state, created_by, created_at, updated_at, annual_id)
            SELECT 'annual', o.id, a.opens_at, a.minutes, a.pass_score, a.blueprint_json, 'assigned', a.created_by, :now, :now, a.id
            FROM annual_exams a JOIN officials o ON ${inSubtreeOfUnitSql('o.unit_code', 'a.unit_code')}
            WHERE a.id = :annualId AND ${current('a.closes_at')}
            ORDER BY o.id`,
      args,
    },
    {
      sql: `INSERT INTO quizzes (exam_id, spec_json, pass_score, opens_at, deadline_at, time_limit_min, retakes, created_at)
            SELECT e.id, json_object('blueprint', json(a.blueprint_json), 'annual', json_object('id', a.id, 'attempts', a.attempts, 'title', a.title)),
              a.pass_score, a.opens_at, a.closes_at, a.minutes, CASE WHEN a.attempts > 1 THEN 'best' ELSE 'none' END, :now
            FROM exams e JOIN annual_exams a ON a.id = e.annual_id WHERE e.annual_id = :annualId`,
      args,
    },
    {
      sql: `INSERT INTO quiz_questions (quiz_id, question_id, position)
            SELECT q.id, j.value, j.key + 1
            FROM annual_exams a JOIN exams e ON e.annual_id = a.id JOIN quizzes q ON q.exam_id = e.id, json_each(a.question_ids_json) j
            WHERE a.id = :annualId`,
      // only the parameters this statement names: a libSQL server refuses any other (ARGS_INVALID)
      args: { annualId },
    },
  ]
}

export interface AnnualTarget {
  officialId: string
  examId: number
  bound: boolean
}

/**
 * The enrolled officials still on the roster, with their exam; `notSatOnly`: only those without any sitting
 * (not even one in progress) — whom the reminder is for.
 */
export async function listAnnualTargets(ex: Executor, annualId: number, now: string, notSatOnly: boolean): Promise<AnnualTarget[]> {
  const rs = await ex.execute({
    sql: `SELECT e.id AS exam_id, e.official_id, EXISTS (SELECT 1 FROM chat_bindings b WHERE b.official_id = e.official_id) AS bound
          FROM exams e JOIN officials o ON o.id = e.official_id
          WHERE e.annual_id = :annualId AND (o.left_at IS NULL OR o.left_at > :now)
            AND (:notSatOnly = 0 OR NOT EXISTS (SELECT 1 FROM attempts t JOIN quizzes q ON q.id = t.quiz_id WHERE q.exam_id = e.id))
          ORDER BY e.official_id`,
    args: { annualId, now, notSatOnly: notSatOnly ? 1 : 0 },
  })
  return rs.rows.map((r) => ({ officialId: String(r.official_id), examId: Number(r.exam_id), bound: Number(r.bound) === 1 }))
}

/** Raw counts, as the report's AnnualExamRow: fold them with reports/report.rules.ts foldAnnualExam. */
export interface AnnualCounts {
  enrolled: number
  /** 参考: at least one sitting recorded */
  tested: number
  passed: number
  scoreSum: number
}

export interface AnnualUnitFigures extends AnnualCounts {
  annualId: number
  unitCode: string
}

/**
 * Whether the person `o` of the annual exam `e` is still expected to sit it: not one who left the roster before its
 * window closed (the reminder and the figures stop counting them then); one who sat it counts all the same.
 */
export const ANNUAL_EXPECTED_SQL = `(o.left_at IS NULL
    OR o.left_at >= COALESCE((SELECT a.closes_at FROM annual_exams a WHERE a.id = e.annual_id), e.opens_at)
    OR EXISTS (SELECT 1 FROM exam_results x WHERE x.exam_id = e.id))`

/**
 * Per annual exam and per unit of its officials within the scope's subtree, so far: enrolled, 参考 (at least one sitting recorded), 及格 and
 * the sum of each person's best score — the report's rule (exam-figures.repo.ts countAnnualExam), over this exam's
 * own results.
 */
export async function listAnnualFigures(ex: Executor, annualIds: readonly number[], scopePath: string): Promise<AnnualUnitFigures[]> {
  if (annualIds.length === 0) return []
  const rs = await ex.execute({
    sql: `WITH person AS (
            SELECT e.annual_id, o.unit_code, e.official_id, MAX(r.score) AS best, MAX(r.passed) AS passed
            FROM exams e JOIN officials o ON o.id = e.official_id
            LEFT JOIN exam_results r ON r.exam_id = e.id AND r.exam_kind = 'annual'
            WHERE e.annual_id IN (SELECT value FROM json_each(:ids)) AND ${inSubtreeSql('o.unit_code')} AND ${ANNUAL_EXPECTED_SQL}
            GROUP BY e.annual_id, e.official_id)
          SELECT annual_id, unit_code, COUNT(*) AS enrolled, COUNT(best) AS tested, SUM(COALESCE(passed, 0)) AS passed,
                 SUM(COALESCE(best, 0)) AS score_sum
          FROM person GROUP BY annual_id, unit_code ORDER BY annual_id, unit_code`,
    args: { ids: JSON.stringify(annualIds), scopePath },
  })
  return rs.rows.map((r) => ({
    annualId: Number(r.annual_id),
    unitCode: String(r.unit_code),
    enrolled: Number(r.enrolled),
    tested: Number(r.tested),
    passed: Number(r.passed ?? 0),
    scoreSum: Number(r.score_sum ?? 0),
  }))
}

/**
 * Annual exams opening in [from, to) that enrol officials within the scope's subtree (an exam of the whole county
 * is a department's too), newest first.
 */
export async function listAnnualExams(ex: Executor, f: { scopePath: string; from: string; to: string }): Promise<AnnualExam[]> {
  const rs = await ex.execute({
    sql: `SELECT * FROM annual_exams a WHERE opens_at >= :from AND opens_at < :to
            AND (${inSubtreeSql('a.unit_code')}
                 OR EXISTS (SELECT 1 FROM exams e JOIN officials o ON o.id = e.official_id
                            WHERE e.annual_id = a.id AND ${inSubtreeSql('o.unit_code')}))
          ORDER BY opens_at DESC, id DESC`,
    args: { from: f.from, to: f.to, scopePath: f.scopePath },
  })
  return rs.rows.map(toAnnual)
}
