/** The mobile page under test: a county's roster, a bank with known answers, a session with material and quiz, the whole app. */
import { Writable } from 'node:stream'
import { createLinkIssuer, type LinkIssuer } from '../../src/access/links.service.js'
import type { LinkPurpose } from '../../src/access/links.rules.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createHttpApp } from '../../src/http/app.js'
import { createLogger } from '../../src/log.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { updateSession } from '../../src/sessions/sessions.service.js'
import { seedQuestions, seedRoster } from '../integration/quiz-fixtures.js'
import { createTestDb, type TestDb } from './db.js'

export const TZ = 'Asia/Shanghai'
export const PAGE_START = '2024-03-05T00:00:00.000Z'
export const SESSION_ID = 'S1'
/** The quiz's questions: a single (answer 乙), a multiple (甲丙丁), two judges (J01 对, J02 错). */
export const QUIZ_QUESTIONS = ['S01', 'M01', 'J01', 'J02']

export interface PageFixture extends TestDb {
  clock: ManualClock
  app: ReturnType<typeof createHttpApp>
  links: LinkIssuer
  /** every log line the app wrote (debug and up) */
  logs: string[]
  /** `/m/<token>` of a link of `officialId`, expiring in a week unless told */
  path(officialId: string, purpose: LinkPurpose, ref: string, expiresAt?: Date): string
  /** a POST from the page itself (`sec-fetch-site: same-origin`), other headers added */
  post(path: string, body: URLSearchParams | string, headers?: Record<string, string>): Promise<Response>
}

export async function createPageFixture(o: { publicUrl?: string; retakes?: 'none' | 'best' | 'last' } = {}): Promise<PageFixture> {
  const clock = new ManualClock(PAGE_START)
  const t = await createTestDb(clock)
  await seedRoster(t.db)
  await seedQuestions(t.db, { single: 6, multiple: 3, judge: 4 })
  const now = clock.now().toISOString()
  await t.db.batch([
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, status, source, created_at, updated_at)
            VALUES (:id, 'pre_meeting', '县政府常务会议会前学法', '2024-03-05T07:00:00.000Z', 'PL', 'planned', 'api', :now, :now)`,
      args: { id: SESSION_ID, now },
    },
    {
      sql: `INSERT INTO materials (slug, law_title, title, body_md, source, created_at, updated_at)
            VALUES ('xzfy', '中华人民共和国行政复议法', '《行政复议法》要点', :body, 'custom', :now, :now)`,
      args: {
        body: '# 行政复议法\n\n行政复议机关履行行政复议职责，应当遵循合法、公正、公开、高效、便民、为民的原则。\n\n- 申请期限：六十日\n- 复议决定：六十日内作出 <b>不是标签</b>',
        now,
      },
    },
    {
      sql: "INSERT INTO session_materials (session_id, material_id) SELECT :id, id FROM materials WHERE slug = 'xzfy'",
      args: { id: SESSION_ID },
    },
    ...['A001', 'A002', 'A003'].map((id) => ({
      sql: "INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES (:id, 'wechaty', :c, :k, :now)",
      args: { id, c: `wx-${id}`, k: `key-${id}`, now },
    })),
  ])
  await updateSession(
    { db: t.db, clock, tz: TZ },
    SESSION_ID,
    { quiz: quizSpecSchema.parse({ questionIds: QUIZ_QUESTIONS, retakes: o.retakes ?? 'none' }) },
    { actor: 'test' },
  )
  const logs: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const publicUrl = o.publicUrl ?? 'https://xuefa.example.gov.cn'
  const config = loadConfig({ ...t.env, XUEFA_BOT: 'off', XUEFA_TZ: TZ, XUEFA_PUBLIC_URL: publicUrl })
  const app = createHttpApp({ db: t.db, clock, config, logger: createLogger('debug', stream) })
  const links = await createLinkIssuer(t.db, publicUrl, () => clock.now())
  const week = () => new Date(clock.now().getTime() + 7 * 24 * 3600_000)
  return {
    ...t,
    clock,
    app,
    links,
    logs,
    path: (officialId, purpose, ref, expiresAt) => `/m/${links.token(officialId, purpose, ref, expiresAt ?? week())}`,
    post: async (path, body, headers = {}) =>
      app.request(path, { method: 'POST', body, headers: { 'sec-fetch-site': 'same-origin', ...headers } }),
  }
}

/** The letter question `position` shows for the option `text`, read from the page. */
export function letterOn(html: string, position: number, text: string): string {
  const block = new RegExp(`<fieldset[^>]*id="q${position}"[^>]*>([\\s\\S]*?)</fieldset>`).exec(html)?.[1]
  if (!block) throw new Error(`no question ${position} on the page`)
  const m = new RegExp(`([A-F])\\. ${text}<`).exec(block)
  if (!m) throw new Error(`option ${text} not in question ${position}`)
  return m[1]!
}

/** The right answers of the fixture's quiz as the page's form fields (letters read from the page). */
export function rightForm(html: string, attemptNo = 1): URLSearchParams {
  const form = new URLSearchParams({ attempt_no: String(attemptNo) })
  form.append('q1', letterOn(html, 1, '乙'))
  for (const o of ['甲', '丙', '丁']) form.append('q2', letterOn(html, 2, o))
  form.append('q3', 'T')
  form.append('q4', 'F')
  return form
}

/** The right answer to question `position` of the page, as its form field's value (the bank's answers are known by id). */
export function rightValue(html: string, position: number): string {
  const block = new RegExp(`<fieldset[^>]*id="q${position}"[^>]*>([\\s\\S]*?)</fieldset>`).exec(html)?.[1] ?? ''
  const id = /题目([SMJ])(\d+)/.exec(block)
  if (!id) throw new Error(`no question ${position} on the page`)
  if (id[1] === 'S') return letterOn(html, position, '乙')
  if (id[1] === 'M')
    return ['甲', '丙', '丁']
      .map((o) => letterOn(html, position, o))
      .sort()
      .join('')
  return Number(id[2]) % 2 === 1 ? 'T' : 'F'
}

/** How many questions the page asks. */
export function questionCount(html: string): number {
  return (html.match(/<fieldset[^>]*id="q\d+"/g) ?? []).length
}

/** What the page's start button sends: the sitting it is for (empty when the page shows no start button). */
export async function startForm(app: { request(path: string): Response | Promise<Response> }, path: string): Promise<URLSearchParams> {
  const html = await (await app.request(path)).text()
  const m = /name="sitting" value="(\d+)"/.exec(html)
  return new URLSearchParams(m ? { sitting: m[1]! } : {})
}
