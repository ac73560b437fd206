import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { examRoutes } from '../../src/http/api/exams.routes.js'
import { handleErrors } from '../../src/http/common/errors.js'
import type { AppEnv, AuthInfo } from '../../src/http/common/types.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedQuestions, seedRoster } from './quiz-fixtures.js'

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

  it('refuses a candidate of another unit with 403, and a reporter token with 403', async () => {
    const res = await post(organizerPL, { officialId: 'B001', proposedPost: '局长', opensAt: '2024-05-08 09:00' })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN')
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
