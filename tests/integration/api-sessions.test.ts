import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditRows, createApiHarness, seedSession, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
let admin: { id: number; token: string }
let orgA: { id: number; token: string }
let reporter: { id: number; token: string }
let reporterB: { id: number; token: string }

beforeEach(async () => {
  h = await createApiHarness()
  admin = await h.token('admin')
  orgA = await h.token('organizer', 'PL-A')
  reporter = await h.token('reporter')
  reporterB = await h.token('reporter', 'PL-B')
  await seedSession(h.db, 'S-A', 'PL-A')
  await seedSession(h.db, 'S-A1', 'PL-A1')
  await seedSession(h.db, 'S-B', 'PL-B')
})
afterEach(() => h.cleanup())

const newSession = {
  kind: 'pre_meeting',
  title: '学习行政复议法',
  startsAt: '2024-03-05 09:00',
  unitCode: 'PL-A',
  body: '县政府常务会议',
  laws: ['《中华人民共和国行政复议法》'],
}

async function errorOf(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  const body = (await res.json()) as { code: string; message: string; requestId: string; issues?: { path: unknown[] }[] }
  expect(body.code).toBe(code)
  expect(body.requestId).toMatch(/.+/)
  return body
}

describe('POST /api/v1/sessions', () => {
  it("creates a session in the organizer's subtree, audited with token, address and request id", async () => {
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: orgA.token,
      ip: '192.0.2.99',
      json: { ...newSession, unitCode: 'PL-A1' },
    })
    expect(res.status).toBe(201)
    const s = (await res.json()) as { id: string; startsAt: string; unitCode: string; laws: string[]; source: string }
    expect(s).toMatchObject({ startsAt: '2024-03-05T01:00:00.000Z', unitCode: 'PL-A1', laws: ['中华人民共和国行政复议法'], source: 'api' })
    const [audit] = await auditRows(h.db, 'session.create')
    expect(audit).toEqual({ actor: `token:${orgA.id}`, ip: '192.0.2.99', request_id: res.headers.get('x-request-id'), entity_id: s.id })
  })

  it.each([
    ['no kind', { ...newSession, kind: undefined }, 'kind'],
    ['an unknown kind', { ...newSession, kind: 'party' }, 'kind'],
    ['an empty title', { ...newSession, title: '  ' }, 'title'],
    ['no startsAt', { ...newSession, startsAt: undefined }, 'startsAt'],
    ['hours below zero', { ...newSession, hours: -1 }, 'hours'],
    ['laws not a list', { ...newSession, laws: '行政复议法' }, 'laws'],
    ['an unknown field', { ...newSession, colour: 'red' }, ''],
    ['an audience with an unknown key', { ...newSession, audience: { everyone: true } }, 'audience'],
    ['a quiz draw of 0 questions', { ...newSession, quiz: { draw: { count: 0 } } }, 'quiz'],
    ['a bad id', { ...newSession, id: 'a b/c' }, 'id'],
    ['a timeline with an unknown step', { ...newSession, timeline: { lunch: 60 } }, 'timeline'],
    ['material at 25:00', { ...newSession, timeline: { materials: { daysBefore: 1, at: '25:00' } } }, 'timeline'],
    ['a reminder minutes before that is negative', { ...newSession, timeline: { reminderMinutesBefore: -5 } }, 'timeline'],
  ])('refuses %s with 400 and the field in issues', async (_name, body, field) => {
    const res = await h.request('/api/v1/sessions', { method: 'POST', token: admin.token, json: body })
    const err = await errorOf(res, 400, 'INVALID_INPUT')
    expect(err.issues?.some((i) => (i.path[0] ?? '') === field)).toBe(true)
  })

  it('refuses a start that is not a time, a unit that does not exist, malformed JSON and a non-JSON body', async () => {
    const bad = await errorOf(
      await h.request('/api/v1/sessions', { method: 'POST', token: admin.token, json: { ...newSession, startsAt: '2024-02-30 09:00' } }),
      400,
      'INVALID_INPUT',
    )
    expect(bad.issues?.[0]?.path).toEqual(['startsAt'])
    await errorOf(
      await h.request('/api/v1/sessions', { method: 'POST', token: admin.token, json: { ...newSession, unitCode: 'NOPE' } }),
      400,
      'INVALID_INPUT',
    )
    await errorOf(
      await h.request('/api/v1/sessions', {
        method: 'POST',
        token: admin.token,
        headers: { 'content-type': 'application/json' },
        body: '{"kind":',
      }),
      400,
      'INVALID_INPUT',
    )
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    })
    expect(res.status).toBe(415)
    expect(((await res.json()) as { code: string }).code).toBe('INVALID_INPUT')
  })

  it('refuses an organizer creating in, or inviting, another unit, and a reporter creating at all', async () => {
    await errorOf(
      await h.request('/api/v1/sessions', { method: 'POST', token: orgA.token, json: { ...newSession, unitCode: 'PL-B' } }),
      403,
      'FORBIDDEN',
    )
    await errorOf(
      await h.request('/api/v1/sessions', { method: 'POST', token: orgA.token, json: { ...newSession, unitCode: 'PL' } }),
      403,
      'FORBIDDEN',
    )
    await errorOf(
      await h.request('/api/v1/sessions', {
        method: 'POST',
        token: orgA.token,
        json: { ...newSession, audience: { unitCodes: ['PL-B'] } },
      }),
      403,
      'FORBIDDEN',
    )
    await errorOf(
      await h.request('/api/v1/sessions', {
        method: 'POST',
        token: orgA.token,
        json: { ...newSession, audience: { officialIds: ['A001', 'B001'] } },
      }),
      400,
      'INVALID_INPUT',
    )
    // an official of another unit is refused exactly like one that does not exist
    const outside = await errorOf(
      await h.request('/api/v1/sessions', {
        method: 'POST',
        token: orgA.token,
        json: { ...newSession, audience: { officialIds: ['B001'] } },
      }),
      400,
      'INVALID_INPUT',
    )
    const missing = await errorOf(
      await h.request('/api/v1/sessions', {
        method: 'POST',
        token: orgA.token,
        json: { ...newSession, audience: { officialIds: ['Z999'] } },
      }),
      400,
      'INVALID_INPUT',
    )
    expect(JSON.stringify(outside.issues).replaceAll('B001', 'Z999')).toBe(JSON.stringify(missing.issues))
    expect(outside.message.replace('B001', 'Z999')).toBe(missing.message)
    await errorOf(await h.request('/api/v1/sessions', { method: 'POST', token: reporter.token, json: newSession }), 403, 'FORBIDDEN')
    expect((await h.db.execute("SELECT count(*) AS n FROM sessions WHERE id NOT IN ('S-A', 'S-A1', 'S-B')")).rows[0]?.n).toBe(0)
  })

  it('answers 409 for an id that exists', async () => {
    await errorOf(
      await h.request('/api/v1/sessions', { method: 'POST', token: admin.token, json: { ...newSession, id: 'S-A' } }),
      409,
      'CONFLICT',
    )
  })
})

describe('GET /api/v1/sessions', () => {
  const ids = async (res: Response) => ((await res.json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id).sort()

  it('lists everything for admin, the subtree for a scoped token whatever it asks', async () => {
    expect(await ids(await h.request('/api/v1/sessions?year=2024', { token: admin.token }))).toEqual(['S-A', 'S-A1', 'S-B'])
    expect(await ids(await h.request('/api/v1/sessions', { token: orgA.token }))).toEqual(['S-A', 'S-A1'])
    expect(await ids(await h.request('/api/v1/sessions?unit=PL-A1', { token: orgA.token }))).toEqual(['S-A1'])
    expect(await ids(await h.request('/api/v1/sessions?kind=lecture', { token: reporterB.token }))).toEqual(['S-B'])
    expect(await ids(await h.request('/api/v1/sessions?year=2023', { token: admin.token }))).toEqual([])
    expect(await ids(await h.request('/api/v1/sessions?kind=pre_meeting', { token: admin.token }))).toEqual([])
  })

  it('refuses a unit outside the scope (403) and bad filters (400)', async () => {
    await errorOf(await h.request('/api/v1/sessions?unit=PL-B', { token: orgA.token }), 403, 'FORBIDDEN')
    await errorOf(await h.request('/api/v1/sessions?unit=PL', { token: orgA.token }), 403, 'FORBIDDEN')
    await errorOf(await h.request('/api/v1/sessions?unit=PL-A', { token: reporterB.token }), 403, 'FORBIDDEN')
    await errorOf(await h.request('/api/v1/sessions?year=twenty', { token: admin.token }), 400, 'INVALID_INPUT')
    await errorOf(await h.request('/api/v1/sessions?year=1999', { token: admin.token }), 400, 'INVALID_INPUT')
    await errorOf(await h.request('/api/v1/sessions?kind=party', { token: admin.token }), 400, 'INVALID_INPUT')
  })
})

describe('GET /api/v1/sessions/:id', () => {
  it('shows a session with its attendance counts and no quiz', async () => {
    await h.db.batch([
      {
        sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES ('S-A', 'A001', 'late', ?)",
        args: [h.clock.now().toISOString()],
      },
    ])
    const res = await h.request('/api/v1/sessions/S-A', { token: orgA.token })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: 'S-A', attendance: { present: 0, late: 1, excused: 0, absent: 0, makeup: 0 }, quiz: null })
  })

  it("plans a session's own timeline over the defaults and shows it", async () => {
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: orgA.token,
      json: { ...newSession, timeline: { materials: null, reminderMinutesBefore: 30, checkIn: { opensMinutesBefore: 60 } } },
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const d = (await (await h.request(`/api/v1/sessions/${id}`, { token: orgA.token })).json()) as { timeline: unknown }
    // starts 2024-03-05 09:00 local = 01:00Z: no material; check-in from an hour before; reminder 30 min before; closing
    // 30 min after check-in closes (the defaults); in time order
    expect(d.timeline).toEqual([
      { step: 'checkin_opens', at: '2024-03-05T00:00:00.000Z', state: 'planned' },
      { step: 'reminder', at: '2024-03-05T00:30:00.000Z', state: 'planned' },
      { step: 'checkin_closes', at: '2024-03-05T01:30:00.000Z', state: 'planned' },
      { step: 'close', at: '2024-03-05T02:00:00.000Z', state: 'planned' },
    ])
  })

  it("answers another unit's session exactly as an unknown id: 404, the same body", async () => {
    const bodies = []
    for (const [path, token] of [
      ['/api/v1/sessions/S-B', orgA.token],
      ['/api/v1/sessions/S-A', reporterB.token],
      ['/api/v1/sessions/NOPE', orgA.token],
      ['/api/v1/sessions/NOPE', admin.token],
    ] as const) {
      const { requestId: _, ...body } = await errorOf(await h.request(path, { token }), 404, 'NOT_FOUND')
      bodies.push(body)
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1)
  })
})

describe('PUT /api/v1/sessions/:id/attendance', () => {
  const url = '/api/v1/sessions/S-A/attendance'

  it('takes only 请假 before the session starts, then sets marks idempotently and audits them with the client address', async () => {
    const marks = [
      { officialId: 'A001', status: 'present' },
      { officialId: 'A101', status: 'excused', note: '出差' },
    ]
    // S-A starts 2024-03-10: on 03-01 a presence would be a guess, a leave is known in advance
    const early = await errorOf(await h.request(url, { method: 'PUT', token: orgA.token, json: marks }), 409, 'CONFLICT')
    expect(early.message).toContain('has not started')
    expect((await h.db.execute('SELECT count(*) AS n FROM attendance')).rows[0]?.n).toBe(0)
    const leave = await h.request(url, { method: 'PUT', token: orgA.token, ip: '192.0.2.5', json: [marks[1]] })
    expect(await leave.json()).toMatchObject({ marked: 1, counts: { excused: 1 } })
    h.clock.set('2024-03-10T01:00:00.000Z')
    const first = await h.request(url, { method: 'PUT', token: orgA.token, ip: '192.0.2.5', json: marks })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ marked: 1, counts: { present: 1, excused: 1 } })
    const again = await h.request(url, { method: 'PUT', token: orgA.token, json: marks })
    expect(await again.json()).toMatchObject({ marked: 0, counts: { present: 1, excused: 1 } })
    expect((await auditRows(h.db, 'attendance.mark'))[0]).toMatchObject({ actor: `token:${orgA.id}`, ip: '192.0.2.5', entity_id: 'S-A' })
  })

  it("refuses marks for officials outside the scope, and another unit's session; writes nothing", async () => {
    const res = await h.request(url, {
      method: 'PUT',
      token: orgA.token,
      json: [
        { officialId: 'A001', status: 'present' },
        { officialId: 'B001', status: 'present' },
      ],
    })
    // as an official that does not exist
    const err = await errorOf(res, 400, 'INVALID_INPUT')
    expect(err).toMatchObject({
      message: 'unknown officials: B001',
      issues: [{ path: ['officialId'], message: 'official B001 does not exist' }],
    })
    const outside = await errorOf(
      await h.request('/api/v1/sessions/S-B/attendance', {
        method: 'PUT',
        token: orgA.token,
        json: [{ officialId: 'B001', status: 'present' }],
      }),
      404,
      'NOT_FOUND',
    )
    const missing = await errorOf(
      await h.request('/api/v1/sessions/NOPE/attendance', {
        method: 'PUT',
        token: orgA.token,
        json: [{ officialId: 'A001', status: 'present' }],
      }),
      404,
      'NOT_FOUND',
    )
    expect(outside.message).toBe(missing.message)
    await errorOf(
      await h.request(url, { method: 'PUT', token: reporter.token, json: [{ officialId: 'A001', status: 'present' }] }),
      403,
      'FORBIDDEN',
    )
    expect((await h.db.execute('SELECT count(*) AS n FROM attendance')).rows[0]?.n).toBe(0)
  })

  it('validates the marks, and answers 404 for an unknown session and 409 for a cancelled one', async () => {
    await errorOf(await h.request(url, { method: 'PUT', token: admin.token, json: [] }), 400, 'INVALID_INPUT')
    await errorOf(
      await h.request(url, { method: 'PUT', token: admin.token, json: [{ officialId: 'A001', status: 'asleep' }] }),
      400,
      'INVALID_INPUT',
    )
    await errorOf(
      await h.request(url, { method: 'PUT', token: admin.token, json: { officialId: 'A001', status: 'present' } }),
      400,
      'INVALID_INPUT',
    )
    await errorOf(
      await h.request(url, { method: 'PUT', token: admin.token, json: [{ officialId: 'X999', status: 'present' }] }),
      400,
      'INVALID_INPUT',
    )
    await errorOf(
      await h.request('/api/v1/sessions/NOPE/attendance', {
        method: 'PUT',
        token: admin.token,
        json: [{ officialId: 'A001', status: 'present' }],
      }),
      404,
      'NOT_FOUND',
    )
    await seedSession(h.db, 'S-X', 'PL-A', { status: 'cancelled' })
    await errorOf(
      await h.request('/api/v1/sessions/S-X/attendance', {
        method: 'PUT',
        token: admin.token,
        json: [{ officialId: 'A001', status: 'present' }],
      }),
      409,
      'CONFLICT',
    )
  })
})
