import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { Blueprint } from '../quizzes/layout.rules.js'
import type { ExamOutcome, ExamState } from './exam.rules.js'

export interface Exam {
  id: number
  kind: 'appointment' | 'enforcement_cert' | 'annual'
  officialId: string
  proposedPost: string | null
  opensAt: string
  minutes: number
  passScore: number
  blueprint: Blueprint | null
  state: ExamState
  outcome: ExamOutcome | null
  createdBy: string | null
  createdAt: string
  /** the 年度学法考试 this row enrols the official in (kind 'annual' scheduled by xuefa) */
  annualId: number | null
}

function toExam(r: Row): Exam {
  return {
    id: Number(r.id),
    kind: String(r.kind) as Exam['kind'],
    officialId: String(r.official_id),
    proposedPost: r.proposed_post == null ? null : String(r.proposed_post),
    opensAt: String(r.opens_at),
    minutes: Number(r.minutes),
    passScore: Number(r.pass_score),
    blueprint: r.blueprint_json == null ? null : (JSON.parse(String(r.blueprint_json)) as Blueprint),
    state: String(r.state) as ExamState,
    outcome: r.outcome == null ? null : (String(r.outcome) as ExamOutcome),
    createdBy: r.created_by == null ? null : String(r.created_by),
    createdAt: String(r.created_at),
    annualId: r.annual_id == null ? null : Number(r.annual_id),
  }
}

export async function findExam(ex: Executor, id: number): Promise<Exam | null> {
  const rs = await ex.execute({ sql: 'SELECT * FROM exams WHERE id = ?', args: [id] })
  return rs.rows[0] ? toExam(rs.rows[0]) : null
}

/** The candidate's most recent 任前 exam. */
export async function findLatestAppointmentExam(ex: Executor, officialId: string): Promise<Exam | null> {
  const rs = await ex.execute({
    sql: `SELECT * FROM exams WHERE official_id = ? AND kind = 'appointment' ORDER BY created_at DESC, id DESC LIMIT 1`,
    args: [officialId],
  })
  return rs.rows[0] ? toExam(rs.rows[0]) : null
}

export interface NewExam {
  officialId: string
  proposedPost: string
  opensAt: string
  minutes: number
  passScore: number
  blueprint: Blueprint
  createdBy: string
}

export async function insertAppointmentExam(ex: Executor, e: NewExam, now: string): Promise<number> {
  const rs = await ex.execute({
    sql: `INSERT INTO exams (kind, official_id, proposed_post, opens_at, minutes, pass_score, blueprint_json, state, created_by, created_at, updated_at)
          VALUES ('appointment', :officialId, :proposedPost, :opensAt, :minutes, :passScore, :blueprint, 'assigned', :createdBy, :now, :now)
          RETURNING id`,
    args: {
      officialId: e.officialId,
      proposedPost: e.proposedPost,
      opensAt: e.opensAt,
      minutes: e.minutes,
      passScore: e.passScore,
      blueprint: JSON.stringify(e.blueprint),
      createdBy: e.createdBy,
      now,
    },
  })
  return Number(rs.rows[0]!.id)
}

export function setExamStateStatement(id: number, state: ExamState, outcome: ExamOutcome | null, now: string): InStatement {
  return { sql: 'UPDATE exams SET state = :state, outcome = :outcome, updated_at = :now WHERE id = :id', args: { id, state, outcome, now } }
}

export interface ExamResult {
  id: number
  officialId: string
  takenAt: string
  score: number
  passed: boolean
  attempt: number
  proposedPost: string | null
  outcome: ExamOutcome | null
  examId: number | null
  attemptId: number | null
  source: string
}

function toResult(r: Row): ExamResult {
  return {
    id: Number(r.id),
    officialId: String(r.official_id),
    takenAt: String(r.taken_at),
    score: Number(r.score),
    passed: Number(r.passed) === 1,
    attempt: Number(r.attempt),
    proposedPost: r.proposed_post == null ? null : String(r.proposed_post),
    outcome: r.outcome == null ? null : (String(r.outcome) as ExamOutcome),
    examId: r.exam_id == null ? null : Number(r.exam_id),
    attemptId: r.attempt_id == null ? null : Number(r.attempt_id),
    source: String(r.source),
  }
}

export async function listExamResults(ex: Executor, examId: number): Promise<ExamResult[]> {
  const rs = await ex.execute({ sql: 'SELECT * FROM exam_results WHERE exam_id = ? ORDER BY attempt, taken_at', args: [examId] })
  return rs.rows.map(toResult)
}

export function insertExamResultStatement(r: Omit<ExamResult, 'id'>, now: string, kind: Exam['kind'] = 'appointment'): InStatement {
  return {
    sql: `INSERT INTO exam_results (exam_kind, official_id, taken_at, score, passed, attempt, proposed_post, outcome, exam_id, attempt_id, source, created_at)
          SELECT :kind, :officialId, :takenAt, :score, :passed, :attempt, :proposedPost, :outcome, :examId, :attemptId, :source, :now
          WHERE :attemptId IS NULL OR NOT EXISTS (SELECT 1 FROM exam_results WHERE attempt_id = :attemptId)`,
    args: {
      kind,
      officialId: r.officialId,
      takenAt: r.takenAt,
      score: r.score,
      passed: r.passed ? 1 : 0,
      attempt: r.attempt,
      proposedPost: r.proposedPost,
      outcome: r.outcome,
      examId: r.examId,
      attemptId: r.attemptId,
      source: r.source,
      now,
    },
  }
}

/** The decision goes on the exam's latest sitting, where the report reads it. */
export function setLatestResultOutcomeStatement(examId: number, outcome: ExamOutcome): InStatement {
  return {
    sql: `UPDATE exam_results SET outcome = :outcome
          WHERE id = (SELECT id FROM exam_results WHERE exam_id = :examId ORDER BY attempt DESC, taken_at DESC LIMIT 1)`,
    args: { examId, outcome },
  }
}

export function rescoreResultStatement(attemptId: number, score: number, passed: boolean): InStatement {
  return {
    sql: 'UPDATE exam_results SET score = :score, passed = :passed WHERE attempt_id = :attemptId',
    args: { attemptId, score, passed: passed ? 1 : 0 },
  }
}
