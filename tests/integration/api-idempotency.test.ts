import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { deadOwner } from '../helpers/dead-owner.js'
import { processOwner } from '../../src/owner.js'

let h: ApiHarness
let admin: { id: number; token: string }
beforeEach(async () => {
  h = await createApiHarness()
  admin = await h.token('admin')
})
afterEach(() => h.cleanup())

const session = { kind: 'lecture', title: '民法典专题讲座', startsAt: '2024-04-01 15:00', unitCode: 'PL-A' }
const post = (body: unknown, key: string, token = admin.token) =>
  h.request('/api/v1/sessions', { method: 'POST', token, json: body, headers: { 'idempotency-key': key } })
/** The hash the middleware keeps of a POST of `session` (method, path, content type, body). */
const sessionHash = createHash('sha256').update('POST /api/v1/sessions\napplication/json\n').update(JSON.stringify(session)).digest('hex')
const sessionCount = async () => Number((await h.db.execute('SELECT count(*) AS n FROM sessions')).rows[0]?.n)

describe('Idempotency-Key on POST', () => {
  it('returns the first response again for the same key and body, without creating twice', async () => {
    const first = await post(session, 'key-1')
    expect(first.status).toBe(201)
    const firstBody = await first.text()
    const second = await post(session, 'key-1')
    expect(second.status).toBe(201)
    expect(await second.text()).toBe(firstBody)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(await sessionCount()).toBe(1)
  })

  it('answers 409 CONFLICT for the same key with another body', async () => {
    expect((await post(session, 'key-2')).status).toBe(201)
    const res = await post({ ...session, title: '另一个讲座' }, 'key-2')
    expect(res.status).toBe(409)
    expect(((await res.json()) as { code: string }).code).toBe('CONFLICT')
    expect(await sessionCount()).toBe(1)
  })

  it('keeps keys per token, and lets the same body with another key run again', async () => {
    const other = await h.token('admin')
    expect((await post(session, 'shared')).status).toBe(201)
    expect((await post(session, 'shared', other.token)).status).toBe(201)
    expect((await post(session, 'fresh')).status).toBe(201)
    expect(await sessionCount()).toBe(3)
  })

  it('runs concurrent duplicates once: the other one is refused or replayed, never executed', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => post(session, 'race')))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect(await sessionCount()).toBe(1)
  })

  it('stores an error response too, and forgets keys after 24 h', async () => {
    const bad = await post({ ...session, unitCode: 'NOPE' }, 'key-3')
    expect(bad.status).toBe(400)
    expect((await post({ ...session, unitCode: 'NOPE' }, 'key-3')).headers.get('idempotent-replayed')).toBe('true')
    expect((await post(session, 'key-4')).status).toBe(201)
    h.clock.advance(24 * 3_600_000 + 1_000)
    expect((await post(session, 'key-4')).headers.get('idempotent-replayed')).toBeNull()
    expect(await sessionCount()).toBe(2)
  })

  it('lets a key left in progress by a process that died be used again after a minute', async () => {
    await h.db.batch([
      {
        sql: "INSERT INTO idempotency_keys (token_id, key, request_hash, status, response_body, created_at) VALUES (?, 'orphan', 'x', 0, '', ?)",
        args: [admin.id, h.clock.now().toISOString()],
      },
    ])
    expect((await post(session, 'orphan')).status).toBe(409) // still in progress, as far as anyone can tell
    h.clock.advance(61_000)
    expect((await post(session, 'orphan')).status).toBe(201)
    expect(await sessionCount()).toBe(1)
  })

  it('lets a retry take at once a key whose process died before its effect committed (same host, process gone)', async () => {
    await h.db.execute({
      sql: "INSERT INTO idempotency_keys (token_id, key, request_hash, status, response_body, created_at, owner, claim) VALUES (?, 'dead', ?, 0, '', ?, ?, 'c1')",
      args: [admin.id, sessionHash, h.clock.now().toISOString(), await deadOwner('http')],
    })
    expect((await post(session, 'dead')).status).toBe(201)
    const replay = await post(session, 'dead')
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await sessionCount()).toBe(1)
  })

  it('keeps a key whose holder is alive in progress (409 at once), then replays the response stored with the effect', async () => {
    await h.db.execute({
      sql: "INSERT INTO idempotency_keys (token_id, key, request_hash, status, response_body, created_at, owner, claim) VALUES (?, 'live', ?, 0, '', ?, ?, 'c2')",
      args: [admin.id, sessionHash, h.clock.now().toISOString(), processOwner('http')],
    })
    const busy = await post(session, 'live')
    expect(busy.status).toBe(409)
    expect(((await busy.json()) as { message: string }).message).toContain('still in progress')
    expect(await sessionCount()).toBe(0)
  })

  it('refuses a malformed key', async () => {
    const res = await post(session, 'a'.repeat(300))
    expect(res.status).toBe(400)
    expect(await sessionCount()).toBe(0)
  })

  it('does not store the response of token creation (it carries a secret)', async () => {
    const res = await h.request('/api/v1/tokens', {
      method: 'POST',
      token: admin.token,
      json: { role: 'reporter' },
      headers: { 'idempotency-key': 'tok' },
    })
    expect(res.status).toBe(201)
    expect(Number((await h.db.execute('SELECT count(*) AS n FROM idempotency_keys')).rows[0]?.n)).toBe(0)
  })
})
