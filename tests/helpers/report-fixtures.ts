/** Plain-SQL builders for report tests. Local times are read in Asia/Shanghai; every timestamp stored via toISOString(). */
import type { InStatement } from '@libsql/client'
import type { Db } from '../../src/storage/db.js'
import { parseDateTime } from '../../src/calendar.js'

export const TZ = 'Asia/Shanghai'
const CREATED = '2020-01-01T00:00:00.000Z'

/** '2024-03-05 09:00' (Asia/Shanghai) → ISO UTC. */
export function at(local: string): string {
  const d = parseDateTime(local, TZ)
  if (!d) throw new Error(`bad local time ${local}`)
  return d.toISOString()
}

export function unitStmt(code: string, name: string, parentPath?: string): InStatement {
  return {
    sql: `INSERT INTO units (code, name, parent_code, path, created_at, updated_at)
          VALUES (:code, :name, :parent, :path, :c, :c)`,
    args: {
      code,
      name,
      parent: parentPath ? (parentPath.split('/').filter(Boolean).pop() ?? null) : null,
      path: `${parentPath ?? '/'}${code}/`,
      c: CREATED,
    },
  }
}

export async function addUnits(db: Db, units: [code: string, name: string, parentPath?: string][]): Promise<void> {
  await db.batch(units.map(([c, n, p]) => unitStmt(c, n, p)))
}

export function officialStmt(id: string, unitCode: string, joinedLocalDate?: string): InStatement {
  return {
    sql: `INSERT INTO officials (id, name, unit_code, joined_at, created_at, updated_at) VALUES (:id, :name, :unit, :joined, :c, :c)`,
    args: { id, name: `干部${id}`, unit: unitCode, joined: joinedLocalDate ? at(joinedLocalDate) : null, c: CREATED },
  }
}

export async function addOfficials(db: Db, rows: [id: string, unit: string, joined?: string][]): Promise<void> {
  await db.batch(rows.map(([id, u, j]) => officialStmt(id, u, j)))
}

export interface SessionSpec {
  id: string
  kind: string
  startsAt: string // local
  unit: string
  body?: string
  hours?: number
  status?: 'planned' | 'held' | 'cancelled'
  laws?: string[]
  externalId?: string
}

export function sessionStmts(s: SessionSpec): InStatement[] {
  return [
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, body, hours, status, external_id, created_at, updated_at)
            VALUES (:id, :kind, :title, :starts, :unit, :body, :hours, :status, :ext, :c, :c)`,
      args: {
        id: s.id,
        kind: s.kind,
        title: `学法活动${s.id}`,
        starts: at(s.startsAt),
        unit: s.unit,
        body: s.body ?? null,
        hours: s.hours ?? null,
        status: s.status ?? 'held',
        ext: s.externalId ?? null,
        c: CREATED,
      },
    },
    ...(s.laws ?? []).map((law, i) => ({
      sql: 'INSERT INTO session_laws (session_id, law_title, position) VALUES (:s, :law, :p)',
      args: { s: s.id, law, p: i + 1 },
    })),
  ]
}

export async function addSessions(db: Db, sessions: SessionSpec[]): Promise<void> {
  await db.batch(sessions.flatMap(sessionStmts))
}

export async function mark(db: Db, sessionId: string, marks: [officialId: string, status: string][]): Promise<void> {
  await db.batch(
    marks.map(([o, status]) => ({
      sql: `INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES (:s, :o, :st, :m)`,
      args: { s: sessionId, o, st: status, m: CREATED },
    })),
  )
}

export async function addQuiz(db: Db, sessionId: string, retakes: 'none' | 'best' | 'last' = 'none', passScore = 60): Promise<number> {
  const [rs] = await db.batch([
    {
      sql: `INSERT INTO quizzes (session_id, spec_json, pass_score, retakes, created_at) VALUES (:s, '{}', :p, :r, :c) RETURNING id`,
      args: { s: sessionId, p: passScore, r: retakes, c: CREATED },
    },
  ])
  return Number(rs?.rows[0]?.id)
}

export interface AttemptSpec {
  officialId: string
  attemptNo?: number
  state?: 'open' | 'finished' | 'expired' | 'closed'
  score?: number | null
  passed?: boolean | null
}

export async function addAttempts(db: Db, quizId: number, attempts: AttemptSpec[]): Promise<void> {
  await db.batch(
    attempts.map((a) => ({
      sql: `INSERT INTO attempts (quiz_id, official_id, attempt_no, layout_json, state, started_at, score, passed)
            VALUES (:q, :o, :n, '[]', :state, :c, :score, :passed)`,
      args: {
        q: quizId,
        o: a.officialId,
        n: a.attemptNo ?? 1,
        state: a.state ?? 'finished',
        c: CREATED,
        score: a.score ?? null,
        passed: a.passed == null ? null : a.passed ? 1 : 0,
      },
    })),
  )
}

export async function addExam(
  db: Db,
  e: { kind: string; officialId: string; opensAt: string; outcome?: string; post?: string },
): Promise<void> {
  await db.batch([
    {
      sql: `INSERT INTO exams (kind, official_id, proposed_post, opens_at, outcome, created_at, updated_at)
            VALUES (:k, :o, :post, :opens, :outcome, :c, :c)`,
      args: { k: e.kind, o: e.officialId, post: e.post ?? null, opens: at(e.opensAt), outcome: e.outcome ?? null, c: CREATED },
    },
  ])
}

export interface ResultSpec {
  kind: string
  officialId: string
  takenAt: string // local
  score: number
  passed: boolean
  attempt?: number
  outcome?: string
}

export function resultStmt(r: ResultSpec): InStatement {
  return {
    sql: `INSERT INTO exam_results (exam_kind, official_id, taken_at, score, passed, attempt, outcome, created_at)
          VALUES (:k, :o, :t, :score, :passed, :attempt, :outcome, :c)`,
    args: {
      k: r.kind,
      o: r.officialId,
      t: at(r.takenAt),
      score: r.score,
      passed: r.passed ? 1 : 0,
      attempt: r.attempt ?? 1,
      outcome: r.outcome ?? null,
      c: CREATED,
    },
  }
}

export async function addResults(db: Db, results: ResultSpec[]): Promise<void> {
  await db.batch(results.map(resultStmt))
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db.batch([{ sql: 'INSERT OR REPLACE INTO settings (key, value) VALUES (:k, :v)', args: { k: key, v: value } }])
}
