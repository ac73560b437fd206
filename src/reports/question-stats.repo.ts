/**
 * The answers behind the question statistics. Which attempts count, for a year and a unit subtree:
 * - a session quiz's attempt when its session is held in the year in the subtree (HELD_SESSIONS_SQL, as the report),
 *   and it was finished (handed in);
 * - an exam's attempt (任前, 年度学法考试, …) when the exam opened in the year and the examinee belongs to the subtree,
 *   and it was finished or ran out of time (a sitting: scored and recorded as an exam result);
 * - graded: a score, and no answer (latest revision) still awaiting a marker;
 * - of those, per person and quiz, the first (lowest attempt_no), as Moodle counts first attempts by default.
 * Each answer is its latest revision (a marker's correction counts).
 */
import type { Executor } from '../storage/db.js'
import { inSubtreeSql } from '../roster/units.repo.js'
import { HELD_SESSIONS_SQL, type ReportScope } from './report.repo.js'
import type { AnswerFact } from './question-stats.rules.js'

const COUNTED_ATTEMPTS_SQL = `
  SELECT t.id, t.quiz_id, t.official_id, t.attempt_no, t.score FROM attempts t
  WHERE t.quiz_id IN (SELECT id FROM quizzes WHERE session_id IN (${HELD_SESSIONS_SQL}))
    AND t.state = 'finished' AND t.score IS NOT NULL
  UNION ALL
  SELECT t.id, t.quiz_id, t.official_id, t.attempt_no, t.score
  FROM exams e JOIN officials o ON o.id = e.official_id JOIN quizzes q ON q.exam_id = e.id JOIN attempts t ON t.quiz_id = q.id
  WHERE e.opens_at >= :from AND e.opens_at < :to AND ${inSubtreeSql('o.unit_code')}
    AND t.state IN ('finished', 'expired') AND t.score IS NOT NULL`

/**
 * One row per counted attempt with its answers as one JSON array ([question, correct, given] each): a year of a county
 * is some 10⁵ answers, and libSQL builds a row object per row, five times fewer this way (measured: about half the time).
 */
export async function listCountedAnswers(ex: Executor, scope: ReportScope): Promise<AnswerFact[]> {
  const rs = await ex.execute({
    sql: `WITH counted AS (${COUNTED_ATTEMPTS_SQL}),
          latest AS (
            SELECT attempt_id, position, question_id, given, is_correct, MAX(revision) AS revision
            FROM answers WHERE attempt_id IN (SELECT id FROM counted) GROUP BY attempt_id, position),
          graded AS (SELECT * FROM counted c WHERE NOT EXISTS (SELECT 1 FROM latest l WHERE l.attempt_id = c.id AND l.is_correct IS NULL)),
          first AS (SELECT g.id, g.score, MIN(g.attempt_no) AS attempt_no FROM graded g GROUP BY g.quiz_id, g.official_id)
          SELECT f.id AS attempt_id, f.score, json_group_array(json_array(l.question_id, l.is_correct, l.given)) AS answers
          FROM first f JOIN latest l ON l.attempt_id = f.id
          GROUP BY f.id ORDER BY f.id`,
    args: { ...scope },
  })
  const facts: AnswerFact[] = []
  for (const r of rs.rows) {
    const attemptId = Number(r.attempt_id)
    const attemptScore = Number(r.score)
    for (const [questionId, correct, given] of JSON.parse(String(r.answers)) as [string, number, string][]) {
      facts.push({ attemptId, attemptScore, questionId, correct: correct === 1, given })
    }
  }
  return facts
}
