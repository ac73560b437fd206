import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditRows, createApiHarness, seedSession, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
beforeEach(async () => {
  h = await createApiHarness()
  await seedSession(h.db, 'S-A', 'PL-A')
})
afterEach(() => h.cleanup())

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  const body = (await res.json()) as { code: string; message: string; requestId: string }
  expect(body.code).toBe(code)
  expect(body.requestId).toBe(res.headers.get('x-request-id'))
  return body
}

describe('bearer tokens', () => {
  it('refuses a request without a token, with a malformed header and with an unknown token', async () => {
    await expectError(await h.request('/api/v1/sessions/S-A'), 401, 'UNAUTHORIZED')
    await expectError(await h.request('/api/v1/sessions/S-A', { headers: { authorization: 'Basic abc' } }), 401, 'UNAUTHORIZED')
    const res = await h.request('/api/v1/sessions/S-A', { token: 'xf_not-a-real-token' })
    await expectError(res, 401, 'UNAUTHORIZED')
    expect(res.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('accepts a live token and refuses it once revoked through the API, at once', async () => {
    const admin = await h.token('admin')
    const reporter = await h.token('reporter')
    expect((await h.request('/api/v1/sessions/S-A', { token: reporter.token })).status).toBe(200)
    const revoke = await h.request(`/api/v1/tokens/${reporter.id}`, { method: 'DELETE', token: admin.token })
    expect(revoke.status).toBe(200)
    expect(((await revoke.json()) as { revokedAt: string }).revokedAt).toBe(h.clock.now().toISOString())
    await expectError(await h.request('/api/v1/sessions/S-A', { token: reporter.token }), 401, 'UNAUTHORIZED')
  })

  it('refuses a token revoked elsewhere (CLI) once the cache TTL has passed', async () => {
    const reporter = await h.token('reporter')
    expect((await h.request('/api/v1/sessions/S-A', { token: reporter.token })).status).toBe(200)
    await h.db.batch([{ sql: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ?', args: [h.clock.now().toISOString(), reporter.id] }])
    h.clock.advance(5_000)
    await expectError(await h.request('/api/v1/sessions/S-A', { token: reporter.token }), 401, 'UNAUTHORIZED')
  })

  it('refuses an expired token even while it is cached', async () => {
    const reporter = await h.token('reporter', null, 1)
    expect((await h.request('/api/v1/sessions/S-A', { token: reporter.token })).status).toBe(200)
    h.clock.advance(86_400_000 - 1_000)
    expect((await h.request('/api/v1/sessions/S-A', { token: reporter.token })).status).toBe(200)
    h.clock.advance(1_000)
    await expectError(await h.request('/api/v1/sessions/S-A', { token: reporter.token }), 401, 'UNAUTHORIZED')
  })
})

describe('failed authentication is limited per failing token and address, never a valid token (issue 18.8)', () => {
  it('after 10 bad tokens from one address, every valid user behind it still gets through; the failures get 429', async () => {
    const admin = await h.token('admin')
    const reporter = await h.token('reporter')
    for (let i = 0; i < 10; i++) expect((await h.request('/api/v1/sessions', { token: `bad-${i}`, ip: '198.51.100.7' })).status).toBe(401)
    // valid tokens behind the same address: never refused because someone else failed
    expect((await h.request('/api/v1/sessions', { token: admin.token, ip: '198.51.100.7' })).status).toBe(200)
    expect((await h.request('/api/v1/sessions', { token: reporter.token, ip: '198.51.100.7' })).status).toBe(200)
    // a further failure from that address is slowed: 429 with the time left
    const limited = await h.request('/api/v1/sessions', { token: 'bad-10', ip: '198.51.100.7' })
    await expectError(limited, 429, 'RATE_LIMITED')
    expect(limited.headers.get('retry-after')).toBe('60')
    expect((await h.request('/api/v1/sessions', { ip: '198.51.100.7' })).status).toBe(429)
    // another address is not affected
    expect((await h.request('/api/v1/sessions', { token: 'bad-11', ip: '198.51.100.8' })).status).toBe(401)
    h.clock.advance(45_000)
    expect((await h.request('/api/v1/sessions', { token: 'bad-12', ip: '198.51.100.7' })).headers.get('retry-after')).toBe('15')
    expect((await h.request('/api/v1/sessions', { token: admin.token, ip: '198.51.100.7' })).status).toBe(200)
    h.clock.advance(15_000)
    expect((await h.request('/api/v1/sessions', { token: 'bad-13', ip: '198.51.100.7' })).status).toBe(401)
  })

  it('holds one failing token from every address (a revoked token left in a client), and no other', async () => {
    const reporter = await h.token('reporter')
    const admin = await h.token('admin')
    await h.request(`/api/v1/tokens/${reporter.id}`, { method: 'DELETE', token: admin.token })
    for (let i = 0; i < 10; i++)
      expect((await h.request('/api/v1/sessions', { token: reporter.token, ip: `203.0.113.${i}` })).status).toBe(401)
    const held = await h.request('/api/v1/sessions', { token: reporter.token, ip: '203.0.113.99' })
    await expectError(held, 429, 'RATE_LIMITED')
    expect((await h.request('/api/v1/sessions', { token: admin.token, ip: '203.0.113.99' })).status).toBe(200)
  })

  it('ignores X-Forwarded-For unless XUEFA_TRUST_PROXY is on', async () => {
    for (let i = 0; i < 10; i++) {
      await h.request('/api/v1/sessions', { token: `bad-${i}`, ip: '10.0.0.1', headers: { 'x-forwarded-for': `203.0.113.${i}` } })
    }
    expect(
      (await h.request('/api/v1/sessions', { token: 'bad-x', ip: '10.0.0.1', headers: { 'x-forwarded-for': '203.0.113.99' } })).status,
    ).toBe(429)
  })

  it('with XUEFA_TRUST_PROXY=on, limits by the last X-Forwarded-For entry', async () => {
    const proxied = await createApiHarness({ env: { XUEFA_TRUST_PROXY: 'on' } })
    try {
      let n = 0
      const send = (xff: string) =>
        proxied.request('/api/v1/sessions', { token: `bad-${++n}`, ip: '10.0.0.1', headers: { 'x-forwarded-for': xff } })
      for (let i = 0; i < 10; i++) expect((await send(`1.1.1.${i}, 203.0.113.5`)).status).toBe(401)
      expect((await send('9.9.9.9, 203.0.113.5')).status).toBe(429)
      expect((await send('203.0.113.6')).status).toBe(401)
    } finally {
      proxied.cleanup()
    }
  })
})

describe('token administration', () => {
  it('lets an unscoped admin create, list and revoke tokens, and audits it with the client address', async () => {
    const admin = await h.token('admin')
    const created = await h.request('/api/v1/tokens', {
      method: 'POST',
      token: admin.token,
      ip: '192.0.2.44',
      json: { role: 'organizer', unitCode: 'PL-A', expiresInDays: 30 },
    })
    expect(created.status).toBe(201)
    const body = (await created.json()) as { id: number; token: string; unitCode: string }
    expect(body.unitCode).toBe('PL-A')
    expect((await h.request('/api/v1/sessions/S-A', { token: body.token })).status).toBe(200)
    const list = (await (await h.request('/api/v1/tokens', { token: admin.token })).json()) as { tokens: { id: number }[] }
    expect(list.tokens.map((t) => t.id)).toContain(body.id)
    expect(JSON.stringify(list)).not.toContain(body.token)
    expect(await auditRows(h.db, 'token.create')).toContainEqual(
      expect.objectContaining({ actor: `token:${admin.id}`, ip: '192.0.2.44', entity_id: String(body.id) }),
    )
  })

  it('refuses organizers, reporters and unit-scoped admins; validates the body; 404 for an unknown id', async () => {
    const organizer = await h.token('organizer', 'PL-A')
    const reporter = await h.token('reporter')
    const scopedAdmin = await h.token('admin', 'PL-A')
    const admin = await h.token('admin')
    for (const t of [organizer, reporter, scopedAdmin]) {
      await expectError(await h.request('/api/v1/tokens', { method: 'POST', token: t.token, json: { role: 'admin' } }), 403, 'FORBIDDEN')
      await expectError(await h.request(`/api/v1/tokens/${admin.id}`, { method: 'DELETE', token: t.token }), 403, 'FORBIDDEN')
    }
    await expectError(
      await h.request('/api/v1/tokens', { method: 'POST', token: admin.token, json: { role: 'root' } }),
      400,
      'INVALID_INPUT',
    )
    await expectError(
      await h.request('/api/v1/tokens', { method: 'POST', token: admin.token, json: { role: 'organizer' } }),
      400,
      'INVALID_INPUT',
    )
    await expectError(
      await h.request('/api/v1/tokens', { method: 'POST', token: admin.token, json: { role: 'reporter', unitCode: 'NOPE' } }),
      400,
      'INVALID_INPUT',
    )
    await expectError(await h.request('/api/v1/tokens/abc', { method: 'DELETE', token: admin.token }), 400, 'INVALID_INPUT')
    await expectError(await h.request('/api/v1/tokens/999', { method: 'DELETE', token: admin.token }), 404, 'NOT_FOUND')
  })
})
