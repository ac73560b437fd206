/**
 * The 台账: the very rows the report counts, listed one by one. Each query uses the report's own filters
 * (HELD_SESSIONS_SQL, EXPECTED_SQL, CHOSEN_ATTEMPTS_SQL) so a figure and its evidence cannot drift apart.
 */
import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeSql } from '../roster/units.repo.js'
import { annualResultInYearSql } from './exam-figures.repo.js'
import { CHOSEN_ATTEMPTS_SQL, EXPECTED_SQL, HELD_SESSIONS_SQL, type ReportScope } from './report.repo.js'

type Cell = string | number | null
const cell = (v: unknown): Cell => (v == null ? null : typeof v === 'number' ? v : String(v))
const plain = (r: Row, columns: string[]): Record<string, Cell> => Object.fromEntries(columns.map((c) => [c, cell(r[c])]))

export async function listLedgerSessions(ex: Executor, scope: ReportScope): Promise<Record<string, Cell>[]> {
  const rs = await ex.execute({
    sql: `SELECT s.id, s.kind, s.title, s.starts_at, s.unit_code, u.name AS unit_name, s.body, s.meeting_no, s.hours, s.presenter,
            (SELECT group_concat(law_title, '；') FROM (SELECT law_title FROM session_laws l WHERE l.session_id = s.id ORDER BY position)) AS laws
          FROM sessions s JOIN units u ON u.code = s.unit_code
          WHERE s.id IN (${HELD_SESSIONS_SQL}) ORDER BY s.starts_at, s.id`,
    args: { ...scope },
  })
  const cols = ['id', 'kind', 'title', 'starts_at', 'unit_code', 'unit_name', 'body', 'meeting_no', 'hours', 'presenter', 'laws']
  return rs.rows.map((r) => plain(r, cols))
}

/** Every expected mark: the rows behind attendance.expected and each status count. */
export async function listLedgerAttendance(ex: Executor, scope: ReportScope): Promise<Record<string, Cell>[]> {
  const rs = await ex.execute({
    sql: `SELECT s.id AS session_id, s.title, s.starts_at, a.official_id, o.name, o.unit_code, a.status, a.note, a.source, a.marked_at
          FROM sessions s JOIN attendance a ON a.session_id = s.id JOIN officials o ON o.id = a.official_id
          WHERE s.id IN (${HELD_SESSIONS_SQL}) AND ${EXPECTED_SQL}
          ORDER BY s.starts_at, s.id, a.official_id`,
    args: { ...scope },
  })
  const cols = ['session_id', 'title', 'starts_at', 'official_id', 'name', 'unit_code', 'status', 'note', 'source', 'marked_at']
  return rs.rows.map((r) => plain(r, cols))
}

/** One row per quiz assigned (an expected person at a session with a quiz), with the attempt that counts, if any. */
export async function listLedgerQuizzes(ex: Executor, scope: ReportScope): Promise<Record<string, Cell>[]> {
  const rs = await ex.execute({
    sql: `WITH chosen AS (${CHOSEN_ATTEMPTS_SQL})
          SELECT s.id AS session_id, s.title, q.id AS quiz_id, q.retakes, a.official_id, o.name, o.unit_code,
                 c.attempt_no, c.score, c.passed
          FROM quizzes q JOIN sessions s ON s.id = q.session_id
          JOIN attendance a ON a.session_id = s.id JOIN officials o ON o.id = a.official_id
          LEFT JOIN chosen c ON c.quiz_id = q.id AND c.official_id = a.official_id
          WHERE q.session_id IN (${HELD_SESSIONS_SQL}) AND ${EXPECTED_SQL}
          ORDER BY s.starts_at, s.id, a.official_id`,
    args: { ...scope },
  })
  const cols = ['session_id', 'title', 'quiz_id', 'retakes', 'official_id', 'name', 'unit_code', 'attempt_no', 'score', 'passed']
  return rs.rows.map((r) => plain(r, cols))
}

/** Every sitting of every exam in the year (a 年度学法考试's by the year it counts in), by people of the subtree. */
export async function listLedgerExamResults(ex: Executor, scope: ReportScope): Promise<Record<string, Cell>[]> {
  const rs = await ex.execute({
    sql: `SELECT r.exam_kind, r.official_id, o.name, o.unit_code, r.taken_at, r.score, r.passed, r.attempt,
                 r.proposed_post, r.outcome, r.source
          FROM exam_results r JOIN officials o ON o.id = r.official_id
          WHERE (r.exam_kind <> 'annual' AND r.taken_at >= :from AND r.taken_at < :to
                 OR r.exam_kind = 'annual' AND ${annualResultInYearSql('r')})
            AND ${inSubtreeSql('o.unit_code')}
          ORDER BY r.exam_kind, r.taken_at, r.official_id`,
    args: { ...scope },
  })
  const cols = [
    'exam_kind',
    'official_id',
    'name',
    'unit_code',
    'taken_at',
    'score',
    'passed',
    'attempt',
    'proposed_post',
    'outcome',
    'source',
  ]
  return rs.rows.map((r) => plain(r, cols))
}
