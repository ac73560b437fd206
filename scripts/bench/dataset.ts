/**
 * A deterministic benchmark year: N officials over a 3-level unit tree, S sessions across the year, and
 * attendance + quiz answers totalling about R rows. Seeded PRNG (mulberry32), so every run builds the same data.
 */
import type { InStatement, InValue } from '@libsql/client'
import type { Db } from '../../src/storage/db.js'
import { yearRange } from '../../src/calendar.js'
import { mulberry32 } from '../../src/random.js'

export interface DatasetOptions {
  officials?: number
  sessions?: number
  /** attendance rows + answer rows, roughly half each */
  rows?: number
  year?: number
  tz?: string
  seed?: number
}

export interface DatasetSummary {
  units: number
  officials: number
  sessions: number
  attendance: number
  attempts: number
  answers: number
  examResults: number
  rootCode: string
}

export { mulberry32 }

const KINDS = [
  'pre_meeting',
  'pre_meeting',
  'pre_meeting',
  'lecture',
  'topic_study',
  'court_hearing',
  'all_staff_training',
  'enforcement_training',
  'appointment_training',
  'other',
] as const
const STATUSES = ['present', 'present', 'present', 'present', 'present', 'present', 'late', 'excused', 'makeup', 'absent'] as const
const ANSWERS_PER_ATTEMPT = 5
const ROWS_PER_INSERT = 400
const CREATED = '2020-01-01T00:00:00.000Z'

/** Multi-row INSERTs (positional args) in write batches: far fewer round trips than one statement per row. */
class Inserter {
  #pending: InStatement[] = []
  #rows: InValue[][] = []
  constructor(
    private readonly db: Db,
    private readonly head: string,
    private readonly width: number,
    /** inserters whose rows these rows reference: flushed first, for the foreign keys */
    private readonly parents: Inserter[] = [],
  ) {}
  async add(row: InValue[]): Promise<void> {
    this.#rows.push(row)
    if (this.#rows.length >= ROWS_PER_INSERT) this.#cut()
    if (this.#pending.length >= 25) await this.flush()
  }
  #cut(): void {
    if (this.#rows.length === 0) return
    const tuple = `(${Array(this.width).fill('?').join(',')})`
    this.#pending.push({ sql: `${this.head} VALUES ${this.#rows.map(() => tuple).join(',')}`, args: this.#rows.flat() })
    this.#rows = []
  }
  async flush(): Promise<void> {
    for (const p of this.parents) await p.flush()
    this.#cut()
    if (this.#pending.length) await this.db.batch(this.#pending)
    this.#pending = []
  }
}

export async function fillDataset(db: Db, options: DatasetOptions = {}): Promise<DatasetSummary> {
  const n = options.officials ?? 10_000
  const s = options.sessions ?? 600
  const rows = options.rows ?? 1_000_000
  const year = options.year ?? 2024
  const rand = mulberry32(options.seed ?? 20240101)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  const { from, to } = yearRange(year, options.tz ?? 'Asia/Shanghai')
  const t0 = Date.parse(from)
  const span = Date.parse(to) - t0 - 86_400_000

  const units = new Inserter(db, 'INSERT INTO units (code, name, parent_code, path, created_at, updated_at)', 6)
  const codes: { code: string; path: string }[] = [{ code: 'B', path: '/B/' }]
  await units.add(['B', '基准县人民政府', null, '/B/', CREATED, CREATED])
  for (let d = 1; d <= 20; d++) {
    const dc = `B${d}`
    codes.push({ code: dc, path: `/B/${dc}/` })
    await units.add([dc, `部门${d}`, 'B', `/B/${dc}/`, CREATED, CREATED])
    for (let k = 1; k <= 5; k++) {
      const sc = `${dc}-${k}`
      codes.push({ code: sc, path: `/B/${dc}/${sc}/` })
      await units.add([sc, `部门${d}下属${k}`, dc, `/B/${dc}/${sc}/`, CREATED, CREATED])
    }
  }
  await units.flush()

  const officials = new Inserter(db, 'INSERT INTO officials (id, name, unit_code, joined_at, created_at, updated_at)', 6)
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const id = `O${String(i).padStart(6, '0')}`
    ids.push(id)
    const joined = rand() < 0.05 ? new Date(t0 + rand() * span).toISOString() : null
    await officials.add([id, `干部${i}`, codes[i % codes.length]?.code ?? 'B', joined, CREATED, CREATED])
  }
  await officials.flush()
  const questions = new Inserter(db, 'INSERT INTO questions (id, type, stem, answer, law_title, created_at, updated_at)', 7)
  for (let q = 0; q < 50; q++) await questions.add([`Q${q}`, 'single', `题${q}`, 'A', '中华人民共和国行政复议法', CREATED, CREATED])
  await questions.flush()

  const perSession = Math.max(1, Math.round(rows / 2 / s))
  const attemptsPerQuiz = Math.max(1, Math.round(rows / 2 / ANSWERS_PER_ATTEMPT / (s * 0.8)))
  const sessionsIns = new Inserter(
    db,
    'INSERT INTO sessions (id, kind, title, starts_at, unit_code, body, hours, status, created_at, updated_at)',
    10,
  )
  const lawsIns = new Inserter(db, 'INSERT INTO session_laws (session_id, law_title, position)', 3, [sessionsIns])
  const quizIns = new Inserter(db, 'INSERT INTO quizzes (id, session_id, spec_json, retakes, created_at)', 5, [sessionsIns])
  const attIns = new Inserter(db, 'INSERT INTO attendance (session_id, official_id, status, marked_at)', 4, [sessionsIns])
  const attemptIns = new Inserter(
    db,
    'INSERT INTO attempts (id, quiz_id, official_id, attempt_no, layout_json, state, started_at, score, passed)',
    9,
    [quizIns],
  )
  const ansIns = new Inserter(db, 'INSERT INTO answers (attempt_id, question_id, position, given, is_correct, answered_at)', 6, [
    attemptIns,
  ])
  let attendance = 0
  let attemptId = 0
  let answers = 0
  for (let i = 0; i < s; i++) {
    const id = `BS${i}`
    const startsAt = new Date(t0 + Math.floor((span * i) / s) + 9 * 3_600_000).toISOString()
    const kind = pick(KINDS)
    const status = rand() < 0.9 ? 'held' : rand() < 0.5 ? 'cancelled' : 'planned'
    const unit = codes[Math.floor(rand() * codes.length)]?.code ?? 'B'
    await sessionsIns.add([
      id,
      kind,
      `学法${i}`,
      startsAt,
      unit,
      kind === 'pre_meeting' ? pick(['县政府常务会议', '县长办公会议']) : null,
      1 + Math.floor(rand() * 3),
      status,
      CREATED,
      CREATED,
    ])
    await lawsIns.add([id, pick(['中华人民共和国行政复议法', '中华人民共和国行政处罚法', '中华人民共和国安全生产法']), 1])
    const start = Math.floor(rand() * n)
    const audience = Array.from({ length: Math.min(perSession, n) }, (_, k) => ids[(start + k) % n] as string)
    for (const o of audience) await attIns.add([id, o, pick(STATUSES), CREATED])
    attendance += audience.length
    if (rand() < 0.8) {
      await quizIns.add([i + 1, id, '{}', pick(['none', 'best', 'last']), CREATED])
      for (let k = 0; k < Math.min(attemptsPerQuiz, audience.length); k++) {
        const score = Math.floor(rand() * 101)
        attemptId++
        await attemptIns.add([
          attemptId,
          i + 1,
          audience[k] as string,
          1,
          '[]',
          rand() < 0.9 ? 'finished' : 'open',
          startsAt,
          score,
          score >= 60 ? 1 : 0,
        ])
        for (let p = 0; p < ANSWERS_PER_ATTEMPT; p++)
          await ansIns.add([attemptId, `Q${(attemptId + p) % 50}`, p + 1, 'A', rand() < 0.7 ? 1 : 0, startsAt])
        answers += ANSWERS_PER_ATTEMPT
      }
    }
  }
  for (const ins of [sessionsIns, lawsIns, quizIns, attIns, attemptIns, ansIns]) await ins.flush()

  const results = new Inserter(db, 'INSERT INTO exam_results (exam_kind, official_id, taken_at, score, passed, attempt, created_at)', 7)
  let examResults = 0
  for (let i = 0; i < Math.min(n, 2000); i++) {
    const kind = i % 10 === 0 ? 'appointment' : i % 2 ? 'enforcement_cert' : 'annual'
    const score = Math.floor(rand() * 101)
    await results.add([
      kind,
      ids[i] as string,
      new Date(t0 + (i % 4) * 90 * 86_400_000 + 3_600_000).toISOString(),
      score,
      score >= 60 ? 1 : 0,
      1,
      CREATED,
    ])
    examResults++
  }
  await results.flush()
  return { units: codes.length, officials: n, sessions: s, attendance, attempts: attemptId, answers, examResults, rootCode: 'B' }
}
