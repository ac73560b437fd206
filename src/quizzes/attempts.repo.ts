import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { Layout } from './layout.rules.js'

export type AttemptState = 'open' | 'finished' | 'expired' | 'closed'

export interface Attempt {
  id: number
  quizId: number
  officialId: string
  attemptNo: number
  layout: Layout
  state: AttemptState
  startedAt: string
  endsAt: string | null
  finishedAt: string | null
  score: number | null
  passed: boolean | null
}

const COLUMNS = 'id, quiz_id, official_id, attempt_no, layout_json, state, started_at, ends_at, finished_at, score, passed'

function toAttempt(r: Row): Attempt {
  return {
    id: Number(r.id),
    quizId: Number(r.quiz_id),
    officialId: String(r.official_id),
    attemptNo: Number(r.attempt_no),
    layout: JSON.parse(String(r.layout_json)) as Layout,
    state: String(r.state) as AttemptState,
    startedAt: String(r.started_at),
    endsAt: r.ends_at == null ? null : String(r.ends_at),
    finishedAt: r.finished_at == null ? null : String(r.finished_at),
    score: r.score == null ? null : Number(r.score),
    passed: r.passed == null ? null : Number(r.passed) === 1,
  }
}

export async function findAttempt(ex: Executor, id: number): Promise<Attempt | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM attempts WHERE id = ?`, args: [id] })
  return rs.rows[0] ? toAttempt(rs.rows[0]) : null
}

/** The person's open attempts: a running exam first (it is timed), then the most recently started. */
export async function listOpenAttempts(ex: Executor, officialId: string): Promise<Attempt[]> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM attempts WHERE official_id = ? AND state = 'open'`, args: [officialId] })
  const open = rs.rows.map(toAttempt)
  if (open.length < 2) return open
  const exams = await ex.execute({
    sql: `SELECT id FROM quizzes WHERE exam_id IS NOT NULL AND id IN (${open.map(() => '?').join(',')})`,
    args: open.map((a) => a.quizId),
  })
  const isExam = new Set(exams.rows.map((r) => Number(r.id)))
  const rank = (a: Attempt) => `${isExam.has(a.quizId) ? 1 : 0}${a.startedAt}${String(a.id).padStart(12, '0')}`
  return open.sort((x, y) => (rank(x) < rank(y) ? 1 : -1))
}

export async function listAttempts(ex: Executor, quizId: number, officialId: string): Promise<Attempt[]> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM attempts WHERE quiz_id = ? AND official_id = ? ORDER BY attempt_no`,
    args: [quizId, officialId],
  })
  return rs.rows.map(toAttempt)
}

/** Open attempts whose personal time or quiz deadline (the person's make-up window, if any) has passed at `now`. */
export async function listOverdueAttempts(ex: Executor, now: string, limit = 500): Promise<Attempt[]> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS.split(', ')
      .map((c) => `t.${c}`)
      .join(', ')} FROM attempts t JOIN quizzes q ON q.id = t.quiz_id
            LEFT JOIN quiz_extensions x ON x.quiz_id = t.quiz_id AND x.official_id = t.official_id
          WHERE t.state = 'open' AND ((t.ends_at IS NOT NULL AND t.ends_at <= :now)
            OR (COALESCE(x.closes_at, q.deadline_at) IS NOT NULL AND COALESCE(x.closes_at, q.deadline_at) <= :now))
          ORDER BY t.id LIMIT :limit`,
    args: { now, limit },
  })
  return rs.rows.map(toAttempt)
}

export interface NewAttempt {
  quizId: number
  officialId: string
  attemptNo: number
  layout: Layout
  startedAt: string
  endsAt: string | null
}

export async function insertAttempt(ex: Executor, a: NewAttempt): Promise<number> {
  const rs = await ex.execute({
    sql: `INSERT INTO attempts (quiz_id, official_id, attempt_no, layout_json, state, started_at, ends_at)
          VALUES (:quizId, :officialId, :attemptNo, :layout, 'open', :startedAt, :endsAt) RETURNING id`,
    args: {
      quizId: a.quizId,
      officialId: a.officialId,
      attemptNo: a.attemptNo,
      layout: JSON.stringify(a.layout),
      startedAt: a.startedAt,
      endsAt: a.endsAt,
    },
  })
  return Number(rs.rows[0]!.id)
}

/** An answer as stored: the row written (see NewAnswer) and its id. */
export interface StoredAnswer extends NewAnswer {
  id: number
}

function toAnswer(r: Row): StoredAnswer {
  return {
    id: Number(r.id),
    attemptId: Number(r.attempt_id),
    questionId: String(r.question_id),
    position: Number(r.position),
    given: String(r.given),
    isCorrect: r.is_correct == null ? null : Number(r.is_correct) === 1,
    answeredAt: String(r.answered_at),
    revision: Number(r.revision),
    correctedBy: r.corrected_by == null ? null : String(r.corrected_by),
    correctionReason: r.correction_reason == null ? null : String(r.correction_reason),
  }
}

/** The latest revision of each position's answer. */
export async function listCurrentAnswers(ex: Executor, attemptId: number): Promise<StoredAnswer[]> {
  const rs = await ex.execute({ sql: 'SELECT * FROM answers WHERE attempt_id = ?', args: [attemptId] })
  const latest = new Map<number, StoredAnswer>()
  for (const a of rs.rows.map(toAnswer)) if ((latest.get(a.position)?.revision ?? -1) < a.revision) latest.set(a.position, a)
  return [...latest.values()].sort((x, y) => x.position - y.position)
}

export interface NewAnswer {
  attemptId: number
  questionId: string
  position: number
  given: string
  isCorrect: boolean | null
  answeredAt: string
  revision: number
  correctedBy: string | null
  correctionReason: string | null
}

/** The parameters of an answer as given (each named: a libSQL server refuses any the statement does not name). */
function givenAnswerArgs(a: Omit<NewAnswer, 'revision' | 'correctedBy' | 'correctionReason'>) {
  return {
    attemptId: a.attemptId,
    questionId: a.questionId,
    position: a.position,
    given: a.given,
    isCorrect: a.isCorrect === null ? null : a.isCorrect ? 1 : 0,
    answeredAt: a.answeredAt,
  }
}

export function insertAnswerStatement(a: NewAnswer): InStatement {
  return {
    sql: `INSERT INTO answers (attempt_id, question_id, position, given, is_correct, answered_at, revision, corrected_by, correction_reason)
          VALUES (:attemptId, :questionId, :position, :given, :isCorrect, :answeredAt, :revision, :correctedBy, :correctionReason)`,
    args: { ...givenAnswerArgs(a), revision: a.revision, correctedBy: a.correctedBy, correctionReason: a.correctionReason },
  }
}

/**
 * An answer given on the mobile page: written while the attempt is open, and replaced when the person changes it
 * before handing in (the first revision; a marker's correction is a later revision and is not touched).
 */
export function saveAnswerStatement(a: Omit<NewAnswer, 'revision' | 'correctedBy' | 'correctionReason'>): InStatement {
  return {
    sql: `INSERT INTO answers (attempt_id, question_id, position, given, is_correct, answered_at, revision)
          SELECT :attemptId, :questionId, :position, :given, :isCorrect, :answeredAt, 0
          WHERE EXISTS (SELECT 1 FROM attempts WHERE id = :attemptId AND state = 'open')
          ON CONFLICT (attempt_id, position, revision) DO UPDATE SET given = excluded.given, is_correct = excluded.is_correct,
            answered_at = excluded.answered_at`,
    args: givenAnswerArgs(a),
  }
}

/** An answer taken back on the mobile page (every box of a multiple-choice question unticked) while the attempt is open. */
export function clearAnswerStatement(attemptId: number, position: number): InStatement {
  return {
    sql: `DELETE FROM answers WHERE attempt_id = :attemptId AND position = :position AND revision = 0 AND corrected_by IS NULL
            AND EXISTS (SELECT 1 FROM attempts WHERE id = :attemptId AND state = 'open')`,
    args: { attemptId, position },
  }
}

export function closeAttemptStatement(a: {
  id: number
  state: AttemptState
  score: number
  passed: boolean
  finishedAt: string
}): InStatement {
  return {
    sql: `UPDATE attempts SET state = :state, score = :score, passed = :passed, finished_at = :finishedAt
          WHERE id = :id AND state = 'open'`,
    args: { state: a.state, score: a.score, passed: a.passed ? 1 : 0, finishedAt: a.finishedAt, id: a.id },
  }
}

/** A re-marked attempt (after a correction) keeps its state and time; only the figures change. */
export function rescoreAttemptStatement(id: number, score: number, passed: boolean): InStatement {
  return { sql: 'UPDATE attempts SET score = :score, passed = :passed WHERE id = :id', args: { id, score, passed: passed ? 1 : 0 } }
}

/** Officials with a finished attempt at the quiz. */
export async function listFinishedOfficials(ex: Executor, quizId: number): Promise<Set<string>> {
  const rs = await ex.execute({
    sql: `SELECT DISTINCT official_id FROM attempts WHERE quiz_id = :quizId AND state = 'finished'`,
    args: { quizId },
  })
  return new Set(rs.rows.map((r) => String(r.official_id)))
}
