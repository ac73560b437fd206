import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditRows, createApiHarness, legacySignedHeaders, signedHeaders, WEBHOOK_SECRET, type ApiHarness } from '../helpers/api.js'
import { signStandardWebhook, signWebhook } from '../../src/http/api/webhook-signature.js'

let h: ApiHarness
beforeEach(async () => {
  h = await createApiHarness()
})
afterEach(() => h.cleanup())

const meeting = {
  id: 'OA-2024-012',
  body: '县政府常务会议',
  meetingNo: '第12次',
  startsAt: '2024-03-05T09:00:00+08:00',
  unitCode: 'PL',
  laws: ['中华人民共和国行政复议法'],
}
const feed = (...meetings: unknown[]) => JSON.stringify({ meetings })

function send(body: string, eventId: string, headers: Record<string, string> = {}, ip?: string) {
  return h.request('/webhooks/meetings', { method: 'POST', headers: { ...signedHeaders(h.clock, body, eventId), ...headers }, body, ip })
}

async function sessions() {
  const rs = await h.db.execute('SELECT id, title, starts_at, status, kind, source, external_id FROM sessions ORDER BY id')
  return rs.rows.map((r) => ({ ...r }))
}
const count = async (table: string) => Number((await h.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n)

describe('POST /webhooks/meetings', () => {
  it('plans a 会前学法 session for a correctly signed feed, records the event, audits it', async () => {
    const res = await send(feed(meeting), 'evt-1', {}, '192.0.2.200')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { received: number; created: string[]; updated: string[]; cancelled: string[] }
    expect(body).toMatchObject({ received: 1, updated: [], cancelled: [] })
    expect(body.created).toHaveLength(1)
    expect(await sessions()).toEqual([
      {
        id: body.created[0],
        title: '县政府常务会议第12次 会前学法',
        starts_at: '2024-03-05T01:00:00.000Z',
        status: 'planned',
        kind: 'pre_meeting',
        source: 'oa',
        external_id: 'OA-2024-012',
      },
    ])
    expect((await h.db.execute('SELECT law_title FROM session_laws')).rows.map((r) => r.law_title)).toEqual(['中华人民共和国行政复议法'])
    expect(await count('webhook_events')).toBe(1)
    expect((await auditRows(h.db, 'session.create'))[0]).toMatchObject({ actor: 'webhook:meetings', ip: '192.0.2.200' })
    // the schedule is planned as for any session: materials, reminders, closing …
    const jobs = await h.db.execute({
      sql: "SELECT count(*) AS n FROM jobs WHERE session_id = ? AND state = 'pending'",
      args: [body.created[0]!],
    })
    expect(Number(jobs.rows[0]?.n)).toBeGreaterThan(0)
  })

  it('refuses a body with one byte changed after signing, and writes nothing', async () => {
    const body = feed(meeting)
    const headers = signedHeaders(h.clock, body, 'evt-1')
    const tampered = body.replace('第12次', '第13次')
    const res = await h.request('/webhooks/meetings', { method: 'POST', headers, body: tampered })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('UNAUTHORIZED')
    expect(await count('sessions')).toBe(0)
    expect(await count('webhook_events')).toBe(0)
  })

  it('refuses a signature made with another secret, a malformed one and a missing one', async () => {
    const body = feed(meeting)
    const ts = String(h.clock.now().getTime() / 1000)
    expect((await send(body, 'e', { 'webhook-signature': signStandardWebhook('another-secret-0123456789', 'e', ts, body) })).status).toBe(
      401,
    )
    expect((await send(body, 'e', { 'webhook-signature': 'v1,zz' })).status).toBe(401)
    const headers = signedHeaders(h.clock, body, 'e')
    delete headers['webhook-signature']
    expect((await h.request('/webhooks/meetings', { method: 'POST', headers, body })).status).toBe(401)
    expect(await count('webhook_events')).toBe(0)
  })

  it('refuses a timestamp more than 300 s old or ahead, accepts one just inside', async () => {
    const body = feed(meeting)
    const at = (id: string, offsetSeconds: number) => {
      const ts = String(Math.floor(h.clock.now().getTime() / 1000) + offsetSeconds)
      return { 'webhook-timestamp': ts, 'webhook-signature': signStandardWebhook(WEBHOOK_SECRET, id, ts, body) }
    }
    expect((await send(body, 'old', at('old', -301))).status).toBe(401)
    expect((await send(body, 'future', at('future', 301))).status).toBe(401)
    expect((await send(body, 'garbage', { 'webhook-timestamp': 'yesterday' })).status).toBe(401)
    expect(await count('sessions')).toBe(0)
    expect((await send(body, 'inside', at('inside', -300))).status).toBe(200)
  })

  it('answers a replayed event id with 200 and changes nothing', async () => {
    const first = await send(feed(meeting), 'evt-7')
    expect(first.status).toBe(200)
    const before = await sessions()
    const changed = feed({ ...meeting, startsAt: '2024-03-06T09:00:00+08:00' })
    const replay = await send(changed, 'evt-7')
    expect(replay.status).toBe(200)
    expect(await replay.json()).toMatchObject({ received: 1, created: [], updated: [], cancelled: [], duplicate: true })
    expect(await sessions()).toEqual(before)
    expect(await count('webhook_events')).toBe(1)
  })

  it('refuses valid JSON of the wrong shape, invalid JSON and a missing event id with 400, writing nothing', async () => {
    for (const body of [
      JSON.stringify({ meeting }),
      JSON.stringify([meeting]),
      feed({ ...meeting, startsAt: 'next tuesday' }),
      feed({ ...meeting, unitCode: 5 }),
      feed(meeting, meeting),
      feed({ id: 'OA-1' }),
      '{"meetings": [',
    ]) {
      const res = await send(body, `evt-${body.length}`)
      expect(res.status, body).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('INVALID_INPUT')
    }
    const body = feed(meeting)
    const headers = legacySignedHeaders(h.clock, body, 'x')
    delete headers['x-xuefa-event-id']
    expect((await h.request('/webhooks/meetings', { method: 'POST', headers, body })).status).toBe(400)
    // Standard Webhooks signs the id: without one nothing verifies
    const standard = signedHeaders(h.clock, body, 'y')
    delete standard['webhook-id']
    expect((await h.request('/webhooks/meetings', { method: 'POST', headers: standard, body })).status).toBe(401)
    expect(await count('webhook_events')).toBe(0)
    expect(await count('sessions')).toBe(0)
  })

  it('refuses a NUL or a zero-width character in a meeting body, id, law or unit with 400 naming it, writing nothing', async () => {
    for (const [field, bad] of [
      ['body', { ...meeting, body: '县政府\0常务会议' }],
      ['id', { ...meeting, id: 'OA-2024-012\u200b' }],
      ['laws', { ...meeting, laws: ['中华人民共和国\u200d行政复议法'] }],
      ['unitCode', { ...meeting, unitCode: 'PL\u2060' }],
    ] as const) {
      const res = await send(feed(bad), `evt-${field}`)
      expect(res.status, field).toBe(400)
      const answer = (await res.json()) as { code: string; issues: { path: (string | number)[]; message: string }[] }
      expect(answer.code).toBe('INVALID_INPUT')
      expect(answer.issues[0]?.path, field).toContain(field)
      expect(answer.issues[0]?.message, field).toMatch(/contains an invisible or control character \(U\+[0-9A-F]{4}\)/)
    }
    expect(await count('webhook_events')).toBe(0)
    expect(await count('sessions')).toBe(0)
  })

  it('takes only application/json: 415 for another Content-Type or none, writing nothing', async () => {
    const body = feed(meeting)
    const { 'content-type': _, ...unlabelled } = signedHeaders(h.clock, body, 'evt-none')
    for (const headers of [
      unlabelled,
      { ...unlabelled, 'content-type': 'text/plain; charset=utf-8' },
      { ...unlabelled, 'content-type': 'application/x-www-form-urlencoded' },
    ]) {
      const res = await h.request('/webhooks/meetings', { method: 'POST', headers, body })
      expect(res.status).toBe(415)
      expect(((await res.json()) as { code: string }).code).toBe('INVALID_INPUT')
    }
    expect(await count('webhook_events')).toBe(0)
    expect((await send(body, 'evt-json', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200)
    expect(await count('sessions')).toBe(1)
  })

  it('refuses a signed body that is not UTF-8 with 400, writing nothing', async () => {
    const json = new TextEncoder().encode(feed({ ...meeting, body: 'X' }))
    const raw = json.map((b) => (b === 0x58 ? 0xff : b)) // the X becomes a byte UTF-8 never has
    const headers = signedHeaders(h.clock, '', 'evt-latin')
    headers['webhook-signature'] = signStandardWebhook(WEBHOOK_SECRET, 'evt-latin', headers['webhook-timestamp']!, raw)
    const res = await h.request('/webhooks/meetings', { method: 'POST', headers, body: raw })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'INVALID_INPUT', message: 'the body is not UTF-8 JSON' })
    expect(await count('sessions')).toBe(0)
    expect(await count('webhook_events')).toBe(0)
  })

  it('refuses a feed naming a unit that does not exist, writing nothing (not even the event id)', async () => {
    const res = await send(feed({ ...meeting, id: 'OA-1' }, { ...meeting, id: 'OA-2', unitCode: 'NOPE' }), 'evt-u')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual(['meetings', 1, 'unitCode'])
    expect(await count('sessions')).toBe(0)
    expect(await count('webhook_events')).toBe(0)
    expect((await send(feed({ ...meeting, id: 'OA-1' }), 'evt-u')).status).toBe(200)
  })

  it('updates the session when the same meeting comes again with a new time, and cancels it on cancelled: true', async () => {
    const created = (await (await send(feed(meeting), 'e1')).json()) as { created: string[] }
    const id = created.created[0]!
    const same = (await (await send(feed(meeting), 'e2')).json()) as { unchanged: string[]; updated: string[] }
    expect(same).toMatchObject({ updated: [], unchanged: [id] })
    const moved = await send(feed({ ...meeting, startsAt: '2024-03-07 15:00' }), 'e3')
    expect(await moved.json()).toMatchObject({ created: [], updated: [id], cancelled: [] })
    expect((await sessions())[0]).toMatchObject({ id, starts_at: '2024-03-07T07:00:00.000Z', status: 'planned' })
    const due = await h.db.execute({ sql: "SELECT max(due_at) AS d FROM jobs WHERE session_id = ? AND state = 'pending'", args: [id] })
    expect(String(due.rows[0]?.d) >= '2024-03-07T07:00').toBe(true)
    const cancelled = await send(feed({ ...meeting, cancelled: true }), 'e4')
    expect(await cancelled.json()).toMatchObject({ created: [], updated: [], cancelled: [id] })
    expect((await sessions())[0]).toMatchObject({ id, status: 'cancelled' })
    expect(await count('sessions')).toBe(1)
    expect((await auditRows(h.db, 'session.cancel'))[0]).toMatchObject({ entity_id: id, actor: 'webhook:meetings' })
    const jobs = await h.db.execute({ sql: "SELECT kind, state FROM jobs WHERE session_id = ? AND kind <> 'session.notice'", args: [id] })
    expect(jobs.rows.length).toBeGreaterThan(0)
    expect(jobs.rows.every((j) => j.state === 'cancelled')).toBe(true)
  })

  it('keeps the presenter and the laws a meeting sent before when it comes again without them', async () => {
    const created = (await (await send(feed({ ...meeting, presenter: '司法局局长' }), 'e1')).json()) as { created: string[] }
    const id = created.created[0]!
    const { laws: _laws, ...bare } = meeting
    expect(await (await send(feed(bare), 'e2')).json()).toMatchObject({ updated: [], unchanged: [id] })
    const rs = await h.db.execute({
      sql: 'SELECT s.presenter, (SELECT group_concat(law_title) FROM session_laws l WHERE l.session_id = s.id) AS laws FROM sessions s WHERE id = ?',
      args: [id],
    })
    expect({ ...rs.rows[0] }).toEqual({ presenter: '司法局局长', laws: '中华人民共和国行政复议法' })
  })

  it('limits the failing signatures, never the sender whose signature is good, behind the same address', async () => {
    const body = feed(meeting)
    const bad = (i: number) => ({ 'webhook-signature': `v1,${Buffer.alloc(32, i).toString('base64')}` })
    for (let i = 0; i < 10; i++) expect((await send(body, `b${i}`, bad(i), '198.51.100.1')).status).toBe(401)
    const refused = await send(body, 'b10', bad(10), '198.51.100.1')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    // the OA system behind the same address still gets through, at once
    expect((await send(body, 'good', {}, '198.51.100.1')).status).toBe(200)
    expect((await send(feed({ ...meeting, id: 'OA-2' }), 'good-2', {}, '198.51.100.1')).status).toBe(200)
    // one bad signature sent over and over is held, from whatever address
    for (let i = 0; i < 10; i++) await send(body, `r${i}`, bad(99), `203.0.113.${i}`)
    expect((await send(body, 'r10', bad(99), '203.0.113.200')).status).toBe(429)
    expect(await count('sessions')).toBe(2)
  })

  it('is off (404) when XUEFA_WEBHOOK_SECRET is not set', async () => {
    const off = await createApiHarness({ env: { XUEFA_WEBHOOK_SECRET: '' } })
    try {
      const body = feed(meeting)
      const res = await off.request('/webhooks/meetings', { method: 'POST', headers: signedHeaders(off.clock, body, 'e'), body })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND')
    } finally {
      off.cleanup()
    }
  })
})

describe('replays (issue 18.2)', () => {
  const startsAt = async () => (await sessions())[0]?.starts_at
  const moved = (day: string) => feed({ ...meeting, startsAt: `2024-03-${day}T09:00:00+08:00` })

  it('refuses a captured Standard Webhooks feed sent again under a fresh webhook-id: it does not move the meeting back', async () => {
    const captured = { body: moved('06'), headers: signedHeaders(h.clock, moved('06'), 'evt-a') }
    expect((await send(feed(meeting), 'evt-0')).status).toBe(200)
    expect((await h.request('/webhooks/meetings', { method: 'POST', ...captured })).status).toBe(200)
    h.clock.advance(60_000)
    expect((await send(moved('07'), 'evt-b')).status).toBe(200)
    expect(await startsAt()).toBe('2024-03-07T01:00:00.000Z')
    // the same bytes and signature, only the id changed: the id is signed, so the signature no longer matches
    const replay = await h.request('/webhooks/meetings', {
      method: 'POST',
      body: captured.body,
      headers: { ...captured.headers, 'webhook-id': 'evt-fresh' },
    })
    expect(replay.status).toBe(401)
    // sent again as it was: a repeated id, answered 200, changing nothing
    const again = await h.request('/webhooks/meetings', { method: 'POST', ...captured })
    expect(await again.json()).toMatchObject({ duplicate: true, updated: [] })
    expect(await startsAt()).toBe('2024-03-07T01:00:00.000Z')
    expect(await count('webhook_events')).toBe(3)
  })

  it('ignores a captured feed with the earlier headers sent again under a fresh event id (200, nothing changes)', async () => {
    const legacy = (body: string, id: string) =>
      h.request('/webhooks/meetings', { method: 'POST', headers: legacySignedHeaders(h.clock, body, id), body })
    expect((await legacy(feed(meeting), 'old-0')).status).toBe(200)
    const captured = { body: moved('06'), headers: legacySignedHeaders(h.clock, moved('06'), 'old-a') }
    expect(await (await h.request('/webhooks/meetings', { method: 'POST', ...captured })).json()).toMatchObject({
      updated: [expect.any(String)],
    })
    h.clock.advance(60_000)
    expect((await legacy(moved('07'), 'old-b')).status).toBe(200)
    for (const fresh of ['old-fresh-1', 'old-fresh-2']) {
      const replay = await h.request('/webhooks/meetings', {
        method: 'POST',
        body: captured.body,
        headers: { ...captured.headers, 'x-xuefa-event-id': fresh },
      })
      expect(replay.status).toBe(200)
      expect(await replay.json()).toMatchObject({ duplicate: true, updated: [] })
    }
    // the hex in upper case is the same signature
    const upper = {
      ...captured.headers,
      'x-xuefa-event-id': 'old-fresh-3',
      'x-xuefa-signature': `sha256=${captured.headers['x-xuefa-signature']!.slice(7).toUpperCase()}`,
    }
    expect(await (await h.request('/webhooks/meetings', { method: 'POST', body: captured.body, headers: upper })).json()).toMatchObject({
      duplicate: true,
    })
    expect(await startsAt()).toBe('2024-03-07T01:00:00.000Z')
    // once the window has passed the signature can no longer verify at all
    h.clock.advance(300_000)
    const late = await h.request('/webhooks/meetings', {
      method: 'POST',
      body: captured.body,
      headers: { ...captured.headers, 'x-xuefa-event-id': 'old-fresh-4' },
    })
    expect(late.status).toBe(401)
    expect(await startsAt()).toBe('2024-03-07T01:00:00.000Z')
  })

  it('keeps accepting the earlier headers from existing senders, and refuses their bad signatures', async () => {
    const body = feed(meeting)
    const ok = await h.request('/webhooks/meetings', { method: 'POST', headers: legacySignedHeaders(h.clock, body, 'old-1'), body })
    expect(ok.status).toBe(200)
    const other = legacySignedHeaders(h.clock, body, 'old-2')
    other['x-xuefa-signature'] = signWebhook('another-secret-0123456789', other['x-xuefa-timestamp']!, body)
    expect((await h.request('/webhooks/meetings', { method: 'POST', headers: other, body })).status).toBe(401)
    expect(await count('sessions')).toBe(1)
  })

  it('accepts a delivery signed with two keys while the sender rotates (either one ours), and a whsec_ secret', async () => {
    const key = `whsec_${Buffer.from('a-new-key-of-24-bytes-xx').toString('base64')}`
    const rotated = await createApiHarness({ env: { XUEFA_WEBHOOK_SECRET: key } })
    try {
      const body = feed(meeting)
      const ts = String(Math.floor(rotated.clock.now().getTime() / 1000))
      const oldSig = signStandardWebhook(WEBHOOK_SECRET, 'rot-1', ts, body)
      const newSig = signStandardWebhook(key, 'rot-1', ts, body)
      const headers = { 'content-type': 'application/json', 'webhook-id': 'rot-1', 'webhook-timestamp': ts }
      const res = await rotated.request('/webhooks/meetings', {
        method: 'POST',
        body,
        headers: { ...headers, 'webhook-signature': `${oldSig} ${newSig}` },
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { created: string[] }).created).toHaveLength(1)
      // the old key alone no longer does
      const stale = await rotated.request('/webhooks/meetings', {
        method: 'POST',
        body,
        headers: { ...headers, 'webhook-id': 'rot-2', 'webhook-signature': signStandardWebhook(WEBHOOK_SECRET, 'rot-2', ts, body) },
      })
      expect(stale.status).toBe(401)
    } finally {
      rotated.cleanup()
    }
  })
})
