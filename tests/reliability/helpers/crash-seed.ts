/** The county of the crash runs: officials P001… in PL-A, the first few bound to WeChat; one quiz session; one for attendance. */
import { ManualClock } from '../../../src/clock.js'
import type { Db } from '../../../src/storage/db.js'
import { createSession, updateSession } from '../../../src/sessions/sessions.service.js'
import { quizSpecSchema } from '../../../src/quizzes/quiz.schema.js'
import { createApiToken } from '../../../src/access/tokens.service.js'

export const TZ = 'Asia/Shanghai'
export const QUIZ_SESSION = 'S-QUIZ'
export const ATTENDANCE_SESSION = 'S-ATT'
export const QUESTIONS = 4

export interface CrashCounty {
  officials: string[]
  bound: string[]
  answerers: string[]
  token: string
}

export const contactOf = (officialId: string) => `wx-${officialId}`

export async function seedCrashCounty(
  db: Db,
  start: Date,
  size: { officials: number; bound: number; answerers: number },
): Promise<CrashCounty> {
  const iso = start.toISOString()
  const officials = Array.from({ length: size.officials }, (_, i) => `P${String(i + 1).padStart(3, '0')}`)
  const bound = officials.slice(0, size.bound)
  await db.batch([
    {
      sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL', '平罗县人民政府', NULL, '/PL/', ?, ?)",
      args: [iso, iso],
    },
    {
      sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL-A', '县司法局', 'PL', '/PL/PL-A/', ?, ?)",
      args: [iso, iso],
    },
    ...officials.map((id) => ({
      sql: "INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, 'PL-A', ?, ?)",
      args: [id, `干部${id}`, iso, iso],
    })),
    ...bound.map((id) => ({
      sql: "INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES (?, 'wechaty', ?, ?, ?)",
      args: [id, contactOf(id), `key-${id}`, iso],
    })),
    ...Array.from({ length: QUESTIONS }, (_, i) => ({
      sql: `INSERT INTO questions (id, type, stem, options_json, answer, explanation, law_title, article, source, created_at, updated_at)
            VALUES (?, 'single', ?, '["甲","乙","丙","丁"]', 'B', '解析', '中华人民共和国行政复议法', '第二十条', 'import', ?, ?)`,
      args: [`Q${i + 1}`, `题目Q${i + 1}`, iso, iso],
    })),
  ])
  const deps = { db, clock: new ManualClock(start), tz: TZ }
  const day = 86_400_000
  await createSession(
    deps,
    { id: QUIZ_SESSION, kind: 'pre_meeting', title: '行政复议法学习', startsAt: new Date(start.getTime() + 2 * day), unitCode: 'PL-A' },
    { actor: 'test' },
  )
  await updateSession(
    deps,
    QUIZ_SESSION,
    { quiz: quizSpecSchema.parse({ questionIds: Array.from({ length: QUESTIONS }, (_, i) => `Q${i + 1}`) }) },
    { actor: 'test' },
  )
  await createSession(
    deps,
    {
      id: ATTENDANCE_SESSION,
      kind: 'lecture',
      title: '法治讲座',
      startsAt: new Date(start.getTime() + 3 * day),
      unitCode: 'PL-A',
      // marks other than 请假 wait for check-in to open: here it opens at once, and the session stays planned (not held)
      timeline: { checkIn: { opensMinutesBefore: 4 * 24 * 60 } },
    },
    { actor: 'test' },
  )
  const { token } = await createApiToken({ db, clock: deps.clock }, { role: 'admin' }, { actor: 'test' })
  return { officials, bound, answerers: bound.slice(0, size.answerers), token }
}
