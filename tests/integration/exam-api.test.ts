import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { examRoutes } from '../../src/http/api/exams.routes.js'
import { handleErrors } from '../../src/http/common/errors.js'
import type { AppEnv, AuthInfo } from '../../src/http/common/types.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import JSZip from 'jszip'
import { answerCurrentQuestion } from '../../src/answering/answering.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { seedQuestions, seedRoster, wrongReply } from './quiz-fixtures.js'

let t: TestDb
const clock = new ManualClock('2024-05-06T00:00:00Z')

beforeEach(async () => {
  t = await createTestDb(clock)
  await seedRoster(t.db)
  await seedQuestions(t.db)
})
afterEach(() => t.cleanup())

function appFor(auth: AuthInfo) {
  const deps = { db: t.db, clock, config: loadConfig({}), logger: createLogger('silent') }
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('requestId', 'req-1')
    c.set('auth', auth)
    await next()
  })
  app.onError(handleErrors())
  app.route('/api/v1', examRoutes(deps))
  return app
}

const organizerPL: AuthInfo = { tokenId: 7, role: 'organizer', unitCode: 'PL' }
const post = (auth: AuthInfo, body: unknown) =>
  appFor(auth).request('/api/v1/exams/appointment', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('POST /api/v1/exams/appointment', () => {
  it('assigns an exam: 201 with the id and what was drawn', async () => {
    const res = await post(organizerPL, { officialId: 'A002', proposedPost: '县司法局副局长', opensAt: '2024-05-08 09:00', minutes: 45 })
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ officialId: 'A002', opensAt: '2024-05-08T01:00:00.000Z', minutes: 45, passScore: 60, questions: 10 })
    expect(typeof body.id).toBe('number')
    const [exam] = (await t.db.execute('SELECT official_id, proposed_post, created_by FROM exams')).rows
    expect({ ...exam }).toEqual({ official_id: 'A002', proposed_post: '县司法局副局长', created_by: 'token:7' })
    expect((await t.db.execute(`SELECT action FROM audit_log WHERE action = 'exam.assign'`)).rows).toHaveLength(1)
  })

  it.each([
    [{ proposedPost: '局长', opensAt: '2024-05-08 09:00' }, 'officialId'],
    [{ officialId: 'A002', proposedPost: '局长', opensAt: '明天上午' }, 'opensAt'],
    [{ officialId: 'A002', proposedPost: '局长', opensAt: '2024-05-08 09:00', minutes: 0 }, 'minutes'],
    [{ officialId: 'A002', proposedPost: '局长', opensAt: '2024-05-08 09:00', extra: 1 }, ''],
  ])('refuses a bad body with 400 INVALID_INPUT (%j)', async (body, path) => {
    const res = await post(organizerPL, body)
    expect(res.status).toBe(400)
    const err = (await res.json()) as { code: string; requestId: string; issues?: { path: string[] }[] }
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.requestId).toBe('req-1')
    if (path) expect(err.issues?.some((i) => i.path.join('.') === path)).toBe(true)
  })

  it('answers a candidate of another unit as an unknown one (404), and refuses a reporter token with 403', async () => {
    const res = await post(organizerPL, { officialId: 'B001', proposedPost: '局长', opensAt: '2024-05-08 09:00' })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND')
    const reporter = await post(
      { tokenId: 2, role: 'reporter', unitCode: null },
      { officialId: 'A001', proposedPost: '局长', opensAt: '2024-05-08 09:00' },
    )
    expect(reporter.status).toBe(403)
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM exams')).rows[0]!.n).toBe(0)
  })

  it('answers 404 for an unknown official and 409 for an exam already under way', async () => {
    const unknown = await post(organizerPL, { officialId: 'NOPE', proposedPost: '局长', opensAt: '2024-05-08 09:00' })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe('NOT_FOUND')
    const admin: AuthInfo = { tokenId: 1, role: 'admin', unitCode: null }
    expect((await post(admin, { officialId: 'B001', proposedPost: '局长', opensAt: '2024-05-08T09:00:00+08:00' })).status).toBe(201)
    expect((await post(admin, { officialId: 'B001', proposedPost: '局长', opensAt: '2024-05-08T09:00:00+08:00' })).status).toBe(409)
  })
})

describe('the 任前 exam after assigning it: its outcome and its 成绩单', () => {
  const call = (auth: AuthInfo, path: string, init: RequestInit = {}) => appFor(auth).request(`/api/v1/exams/appointment${path}`, init)
  const putOutcome = (auth: AuthInfo, id: number, outcome: string) =>
    call(auth, `/${id}/outcome`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }) })
  const message = async (res: Response) => ((await res.json()) as { message: string }).message

  it('refuses an opening time in the past, in Chinese', async () => {
    const res = await post(organizerPL, { officialId: 'A002', proposedPost: '县司法局副局长', opensAt: '2024-05-05 09:00' })
    expect(res.status).toBe(400)
    expect(await message(res)).toBe('开考时间已过，请选择将来的时间。')
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM exams')).rows[0]!.n).toBe(0)
  })

  it('refuses an outcome and a 成绩单 before the exam is taken; after a sitting records 暂缓任用 and gives the DOCX', async () => {
    const res = await post(organizerPL, {
      officialId: 'A002',
      proposedPost: '县司法局副局长',
      opensAt: '2024-05-06 09:00',
      blueprint: { single: 2, multiple: 0, judge: 2 },
    })
    const { id } = (await res.json()) as { id: number }
    const early = await putOutcome(organizerPL, id, '撤回提名')
    expect(early.status).toBe(409)
    expect(await message(early)).toBe('该任前考试还没有参加，不能记录结果（暂缓任用、撤回提名也须在考试之后记录）。')
    const noSheet = await call(organizerPL, `/${id}/sheet`)
    expect(noSheet.status).toBe(409)
    expect(await message(noSheet)).toBe('该任前考试还没有人参加，没有成绩单可以生成。')

    clock.set('2024-05-06T01:05:00Z')
    const deps = { db: t.db, clock, tz: 'Asia/Shanghai' }
    let q = (await startAppointmentExam(deps, 'A002'))[1]!
    for (let i = 0; i < 4; i++) q = (await answerCurrentQuestion(deps, 'A002', wrongReply(q)))![1] ?? ''
    const passed = await putOutcome(organizerPL, id, '通过')
    expect(passed.status).toBe(409)
    expect(await message(passed)).toBe('该人员未通过任前考试，不能记录“通过”。')
    // another unit's exam is answered as a missing one
    expect((await putOutcome({ tokenId: 9, role: 'organizer', unitCode: 'HL' }, id, 'deferred')).status).toBe(404)
    const deferred = await putOutcome(organizerPL, id, '暂缓任用')
    expect(deferred.status).toBe(200)
    expect(await deferred.json()).toEqual({ id, officialId: 'A002', state: 'closed', outcome: 'deferred' })
    const audit = await t.db.execute("SELECT actor, request_id FROM audit_log WHERE action = 'exam.outcome'")
    expect(audit.rows.map((r) => ({ ...r }))).toEqual([{ actor: 'token:7', request_id: 'req-1' }])

    const sheet = await call({ tokenId: 2, role: 'reporter', unitCode: null }, `/${id}/sheet`)
    expect(sheet.status).toBe(200)
    const xml = await (await JSZip.loadAsync(await sheet.arrayBuffer())).file('word/document.xml')!.async('string')
    expect(xml).toContain('李四')
    expect(xml).toContain('暂缓任用')
    expect((await call(organizerPL, '/999/sheet')).status).toBe(404)
  })
})
