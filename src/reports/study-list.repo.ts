/** The 学法清单's SQL: the lists, the people they apply to, and the sessions and quizzes that count (study-list.rules.ts). */
import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { pathWithinSql } from '../roster/units.repo.js'
import type { AppliesTo, ListPerson, StudyListEntry } from './study-list.rules.js'

/** A subtree (by materialised path; '/' = every unit), a year and its [from, to) ISO UTC bounds. */
export interface StudyListScope {
  scopePath: string
  year: number
  from: string
  to: string
}

/** Listed laws of the units in scope for the year: the unit's row joined, in tree order then list order. */
const LISTED_SQL = `SELECT e.unit_code, u.name AS unit_name, u.path, e.law_title, e.applies_to, e.position
  FROM study_list_laws e JOIN units u ON u.code = e.unit_code
  WHERE e.year = :year AND ${pathWithinSql('u.path', ':scopePath')}`

/** A held session of the year, organised by the listed unit, a unit above it or below it, with the listed law. */
const COUNTING_SESSIONS_SQL = `SELECT e.unit_code, e.law_title, s.id AS session_id, s.starts_at
  FROM (${LISTED_SQL}) e
  JOIN session_laws sl ON sl.law_title = e.law_title
  JOIN sessions s ON s.id = sl.session_id
  JOIN units su ON su.code = s.unit_code
  WHERE s.status = 'held' AND s.starts_at >= :from AND s.starts_at < :to
    AND (${pathWithinSql('e.path', 'su.path')} OR ${pathWithinSql('su.path', 'e.path')})`

/**
 * Only the parameters a statement names: the embedded engine ignores extra named arguments, a libSQL server
 * (sqld) refuses the statement ("too many parameters").
 */
const listedArgs = (scope: StudyListScope) => ({ year: scope.year, scopePath: scope.scopePath })

export async function listStudyListEntries(ex: Executor, scope: StudyListScope): Promise<StudyListEntry[]> {
  const rs = await ex.execute({ sql: `${LISTED_SQL} ORDER BY u.path, e.position, e.law_title`, args: listedArgs(scope) })
  return rs.rows.map((r: Row) => ({
    unitCode: String(r.unit_code),
    unitName: String(r.unit_name),
    lawTitle: String(r.law_title),
    appliesTo: String(r.applies_to) as AppliesTo,
  }))
}

/** Everyone ever on the roster of a listed unit (the rules keep those on it at the year's end). */
export async function listStudyListPeople(ex: Executor, scope: StudyListScope): Promise<ListPerson[]> {
  const rs = await ex.execute({
    sql: `SELECT id, name, unit_code, is_leader, is_principal, is_enforcement, joined_at, left_at FROM officials
          WHERE unit_code IN (SELECT unit_code FROM (${LISTED_SQL})) ORDER BY unit_code, id`,
    args: listedArgs(scope),
  })
  return rs.rows.map((r: Row) => ({
    id: String(r.id),
    name: String(r.name),
    unitCode: String(r.unit_code),
    isLeader: Number(r.is_leader) === 1,
    isPrincipal: Number(r.is_principal) === 1,
    isEnforcement: Number(r.is_enforcement) === 1,
    joinedAt: r.joined_at == null ? null : String(r.joined_at),
    leftAt: r.left_at == null ? null : String(r.left_at),
  }))
}

/** The sessions that count for each listed unit's law. */
export async function listCountingSessions(
  ex: Executor,
  scope: StudyListScope,
): Promise<{ unitCode: string; lawTitle: string; sessionId: string }[]> {
  const rs = await ex.execute({
    sql: `SELECT DISTINCT unit_code, law_title, session_id, starts_at FROM (${COUNTING_SESSIONS_SQL}) ORDER BY starts_at, session_id`,
    args: { ...scope },
  })
  return rs.rows.map((r: Row) => ({ unitCode: String(r.unit_code), lawTitle: String(r.law_title), sessionId: String(r.session_id) }))
}

/**
 * (person, law) pairs of the listed units' people who studied a listed law: attended (present, late, made up) a
 * session that counts for their unit and started after they joined, or finished in the year a quiz with a question
 * on the law.
 */
export async function listStudiedBy(ex: Executor, scope: StudyListScope): Promise<{ officialId: string; lawTitle: string }[]> {
  const rs = await ex.execute({
    sql: `SELECT a.official_id, c.law_title
            FROM (${COUNTING_SESSIONS_SQL}) c
            JOIN attendance a ON a.session_id = c.session_id
            JOIN officials o ON o.id = a.official_id AND o.unit_code = c.unit_code
          WHERE a.status IN ('present', 'late', 'makeup') AND (o.joined_at IS NULL OR o.joined_at <= c.starts_at)
          UNION
          SELECT t.official_id, e.law_title
            FROM (${LISTED_SQL}) e
            JOIN officials o ON o.unit_code = e.unit_code
            JOIN attempts t ON t.official_id = o.id
          WHERE t.state = 'finished' AND t.finished_at >= :from AND t.finished_at < :to
            AND EXISTS (SELECT 1 FROM quiz_questions qq JOIN questions q ON q.id = qq.question_id
                        WHERE qq.quiz_id = t.quiz_id AND q.law_title = e.law_title)`,
    args: { ...scope },
  })
  return rs.rows.map((r: Row) => ({ officialId: String(r.official_id), lawTitle: String(r.law_title) }))
}

export interface StoredListLaw {
  title: string
  appliesTo: AppliesTo
  note: string | null
}

/** One unit's list for a year, in list order. */
async function findStudyList(ex: Executor, unitCode: string, year: number): Promise<StoredListLaw[]> {
  const rs = await ex.execute({
    sql: `SELECT law_title, applies_to, note FROM study_list_laws WHERE unit_code = :unitCode AND year = :year
          ORDER BY position, law_title`,
    args: { unitCode, year },
  })
  return rs.rows.map((r: Row) => ({
    title: String(r.law_title),
    appliesTo: String(r.applies_to) as AppliesTo,
    note: r.note == null ? null : String(r.note),
  }))
}

/** The lists stored for these (unit, year) pairs, keyed `unit\u0000year`. */
export async function findStudyLists(
  ex: Executor,
  pairs: readonly { unitCode: string; year: number }[],
): Promise<Map<string, (StoredListLaw & { position: number })[]>> {
  const out = new Map<string, (StoredListLaw & { position: number })[]>()
  for (const { unitCode, year } of pairs) {
    const laws = await findStudyList(ex, unitCode, year)
    out.set(
      `${unitCode}\u0000${year}`,
      laws.map((l, i) => ({ ...l, position: i + 1 })),
    )
  }
  return out
}

/** Statements replacing one unit's list for a year by `laws` (in order; created_at kept for laws listed before). */
export function replaceStudyListStatements(unitCode: string, year: number, laws: readonly StoredListLaw[], now: string): InStatement[] {
  const titles = laws.map((l) => l.title)
  const keep = titles.length ? `AND law_title NOT IN (${titles.map(() => '?').join(',')})` : ''
  return [
    { sql: `DELETE FROM study_list_laws WHERE unit_code = ? AND year = ? ${keep}`, args: [unitCode, year, ...titles] },
    ...laws.map((l, i) => ({
      sql: `INSERT INTO study_list_laws (unit_code, year, law_title, applies_to, position, note, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(unit_code, year, law_title) DO UPDATE SET applies_to = excluded.applies_to,
              position = excluded.position, note = excluded.note, updated_at = excluded.updated_at`,
      args: [unitCode, year, l.title, l.appliesTo, i + 1, l.note, now, now],
    })),
  ]
}
