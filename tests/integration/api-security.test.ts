import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHarness, seedSession, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
let admin: { id: number; token: string }
let orgA: { id: number; token: string }
beforeEach(async () => {
  h = await createApiHarness({ env: { XUEFA_BODY_LIMIT: '2048', XUEFA_JSON_BODY_LIMIT: '2048' } })
  admin = await h.token('admin')
  orgA = await h.token('organizer', 'PL-A')
  await seedSession(h.db, 'S-A', 'PL-A')
})
afterEach(() => h.cleanup())

const big = JSON.stringify({ kind: 'lecture', title: 'x'.repeat(4000), startsAt: '2024-03-01 09:00', unitCode: 'PL-A' })

describe('body size limit', () => {
  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit with Content-Length', async () => {
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('answers 413 for a chunked body without Content-Length, on the API and on the webhook', async () => {
    const chunked = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 1000, (i + 1) * 1000)))
          controller.close()
        },
      })
    for (const path of ['/api/v1/sessions', '/webhooks/meetings', '/api/v1/import/officials']) {
      const init = {
        method: 'POST',
        token: admin.token,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body: chunked(),
        duplex: 'half',
      }
      const res = await h.request(path, init as RequestInit & { token: string })
      expect(res.status, path).toBe(413)
    }
    expect(Number((await h.db.execute('SELECT count(*) AS n FROM sessions')).rows[0]?.n)).toBe(1)
  })
})

describe('secure defaults', () => {
  it('sends secure headers and a request id, and no CORS headers unless configured', async () => {
    const res = await h.request('/healthz', { headers: { origin: 'https://evil.example' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('x-request-id')).toMatch(/.+/)
    const api = await h.request('/api/v1/sessions', { token: admin.token, headers: { origin: 'https://evil.example' } })
    expect(api.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows only the configured CORS origins', async () => {
    const withCors = await createApiHarness({ env: { XUEFA_CORS_ORIGINS: 'https://oa.example.gov.cn' } })
    try {
      const ok = await withCors.request('/api/v1/sessions', {
        method: 'OPTIONS',
        headers: { origin: 'https://oa.example.gov.cn', 'access-control-request-method': 'GET' },
      })
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://oa.example.gov.cn')
      const other = await withCors.request('/api/v1/sessions', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      })
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      withCors.cleanup()
    }
  })

  it('answers an unexpected failure with a bare 500 INTERNAL: no stack, no driver message', async () => {
    await h.db.batch([{ sql: 'DROP TABLE attendance', args: [] }])
    const res = await h.request('/api/v1/sessions/S-A', { token: admin.token })
    expect(res.status).toBe(500)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toEqual({ code: 'INTERNAL', message: 'internal error', requestId: res.headers.get('x-request-id') })
  })

  it('answers an unknown path with the error body and 404', async () => {
    const res = await h.request('/api/v2/nothing')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND')
  })
})

describe('reports and exports are scoped like everything else', () => {
  it('refuses an organizer of unit A the report and ledger of unit B or of the county', async () => {
    for (const path of [
      '/api/v1/reports/annual?year=2024&unit=PL-B',
      '/api/v1/exports/ledger?year=2024&unit=PL-B&format=csv',
      '/api/v1/reports/annual?year=2024&unit=PL',
    ]) {
      const res = await h.request(path, { token: orgA.token })
      expect(res.status, path).toBe(403)
      expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN')
    }
  })

  it("gives the organizer its own unit's report, and refuses a missing year with 400", async () => {
    const res = await h.request('/api/v1/reports/annual?year=2024', { token: orgA.token })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { unit: { code: string } }).unit.code).toBe('PL-A')
    expect((await h.request('/api/v1/reports/annual', { token: orgA.token })).status).toBe(400)
    expect((await h.request('/api/v1/reports/annual?year=2024')).status).toBe(401)
  })
})

describe('the API description', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas, with every CONTRACT route', async () => {
    const res = await h.request('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<string, Record<string, { requestBody?: unknown }>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/sessions',
        '/api/v1/sessions/{id}',
        '/api/v1/sessions/{id}/attendance',
        '/api/v1/import/{kind}',
        '/api/v1/exams/appointment',
        '/api/v1/reports/annual',
        '/api/v1/exports/ledger',
        '/webhooks/meetings',
        '/api/v1/bot/status',
        '/api/v1/bot/qr.svg',
        '/api/v1/tokens',
      ]),
    )
    // every route the app answers under /api/v1 and /webhooks is in the document, from its own declaration
    const served = h.app.routes
      .filter((r) => r.method !== 'ALL' && /^\/(api\/v1|webhooks)\//.test(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    expect(served.length).toBeGreaterThan(10)
    for (const route of served) {
      const [method, path] = route.split(' ') as [string, string]
      expect(doc.paths[path]?.[method], route).toBeDefined()
    }
    expect(doc.paths['/api/v1/sessions']?.post?.requestBody).toBeDefined()
    expect(JSON.stringify(doc.paths['/api/v1/exams/appointment']?.post?.requestBody)).toContain('AssignAppointmentExam')
    expect(JSON.stringify(doc.components.schemas.AssignAppointmentExam)).toContain('proposedPost')
    expect(JSON.stringify(doc.paths['/webhooks/meetings']?.post?.requestBody)).toContain('Meeting')
    // the bot's states as the bot reports them (src/delivery/bot-state.ts), and off without a bot
    const botState = (doc.components.schemas.BotStatus as { properties: { state: { enum: string[] } } }).properties.state
    expect(botState.enum).toEqual(['off', 'stopped', 'starting', 'waiting_scan', 'logged_in', 'logged_out', 'error'])
    expect(doc.components.schemas).toHaveProperty('Error')
    expect(doc.components.schemas).toHaveProperty('NewSession')
  })

  it('serves /docs and its assets from the server itself, no CDN', async () => {
    const page = await h.request('/docs')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).not.toMatch(/https?:\/\//)
    for (const src of html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)) {
      const asset = await h.request(src[1]!)
      expect(asset.status, src[1]).toBe(200)
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(10)
    }
    expect((await h.request('/docs/assets/package.json')).status).toBe(404)
    expect((await h.request('/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404)
  })
})

describe('the exams route is mounted and scoped', () => {
  it('answers an organizer of unit A assigning an exam to an official of unit B as for a missing one, and refuses a reporter', async () => {
    const body = { officialId: 'B001', proposedPost: '副局长', opensAt: '2024-03-05 09:00' }
    // an official of another unit is answered exactly as one that does not exist
    const res = await h.request('/api/v1/exams/appointment', { method: 'POST', token: orgA.token, json: body })
    expect(res.status).toBe(404)
    const missing = await h.request('/api/v1/exams/appointment', {
      method: 'POST',
      token: orgA.token,
      json: { ...body, officialId: 'NOPE' },
    })
    const { requestId: _a, ...outsideBody } = (await res.json()) as { requestId: string }
    const { requestId: _b, ...missingBody } = (await missing.json()) as { requestId: string }
    expect(outsideBody).toEqual({ ...missingBody, message: (missingBody as { message: string }).message.replace('NOPE', 'B001') })
    const reporter = await h.token('reporter')
    expect(
      (await h.request('/api/v1/exams/appointment', { method: 'POST', token: reporter.token, json: { ...body, officialId: 'A001' } }))
        .status,
    ).toBe(403)
    expect(
      (
        await h.request('/api/v1/exams/appointment', {
          method: 'POST',
          token: orgA.token,
          json: { ...body, officialId: 'A001', minutes: 'x' },
        })
      ).status,
    ).toBe(400)
    expect(Number((await h.db.execute('SELECT count(*) AS n FROM exams')).rows[0]?.n)).toBe(0)
  })
})
