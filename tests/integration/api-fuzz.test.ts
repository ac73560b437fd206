import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiHarness, seedSession, signedHeaders, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
let tokens: string[]
beforeAll(async () => {
  h = await createApiHarness({ http: { authFailuresPerMinute: 1_000_000 } })
  tokens = await Promise.all([h.token('admin'), h.token('organizer', 'PL-A'), h.token('reporter', 'PL-B')]).then((ts) =>
    ts.map((t) => t.token),
  )
  await seedSession(h.db, 'S-A', 'PL-A')
})
afterAll(() => h.cleanup())

const PATHS = [
  '/healthz',
  '/openapi.json',
  '/docs',
  '/docs/assets/init.js',
  '/webhooks/meetings',
  '/api/v1/sessions',
  '/api/v1/sessions/S-A',
  '/api/v1/sessions/S-A/attendance',
  '/api/v1/sessions/NOPE/attendance',
  '/api/v1/import/officials',
  '/api/v1/import/attendance',
  '/api/v1/import/units',
  '/api/v1/import/x',
  '/api/v1/exams/appointment',
  '/api/v1/reports/annual',
  '/api/v1/exports/ledger',
  '/api/v1/tokens',
  '/api/v1/tokens/1',
]
const QUERIES = [
  '',
  '?year=2024',
  '?year=2024&unit=PL-B',
  '?year=abc&unit=',
  '?dryRun=true',
  '?format=csv&year=2024',
  '?kind=lecture&year=2024&unit=PL-A',
  '?%zz=1',
]

const jsonValue = fc.jsonValue({ maxDepth: 3 })
const plausible = fc.record(
  {
    kind: fc.constantFrom('lecture', 'pre_meeting', 'x'),
    title: fc.string(),
    startsAt: fc.constantFrom('2024-03-05 09:00', '2024-13-01', ''),
    unitCode: fc.constantFrom('PL-A', 'PL-B', 'NOPE', ''),
    officialId: fc.constantFrom('A001', 'B001'),
    status: fc.constantFrom('present', 'late', '?'),
    meetings: fc.array(
      fc.record({
        id: fc.string(),
        body: fc.string(),
        meetingNo: fc.string(),
        startsAt: fc.string(),
        unitCode: fc.constantFrom('PL', 'Z'),
      }),
      { maxLength: 3 },
    ),
    role: fc.constantFrom('admin', 'organizer', 'nobody'),
  },
  { requiredKeys: [] },
)
const body = fc.oneof(
  fc.constant(undefined),
  jsonValue.map((v) => JSON.stringify(v)),
  plausible.map((v) => JSON.stringify(v)),
  fc.array(plausible).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    '编号,姓名,单位代码\nA001,张三,PL-A\n',
    'session_id,official_id,status\nS-A,A001,出席\n',
    'code,name\n"unclosed',
    '\uFEFF',
  ),
  fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array(b)),
)
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'text/csv',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/json; charset=utf-8',
)

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(...PATHS),
    fc.webPath().map((p) => `/api/v1${p}`),
    fc.webPath(),
  ),
  query: fc.constantFrom(...QUERIES),
  auth: fc.oneof(
    fc.constantFrom(0, 1, 2).map((i) => `Bearer ${tokens[i]}`),
    fc.string({ maxLength: 40 }),
    fc.constant(undefined),
  ),
  contentType,
  idempotencyKey: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  signed: fc.boolean(),
  eventId: fc.string({ maxLength: 10 }),
  extraHeader: fc.option(
    fc.tuple(
      fc.constantFrom('x-forwarded-for', 'x-xuefa-timestamp', 'x-xuefa-signature', 'content-length', 'accept'),
      fc.string({ maxLength: 30 }),
    ),
    { nil: undefined },
  ),
  body,
})

describe('fuzz: random requests at every route', () => {
  it('never answers 500 nor crashes, and every error has the error body (a page under /m and /ui: an HTML page)', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers = new Headers()
        const set = (k: string, v: string | undefined) => {
          try {
            if (v !== undefined) headers.set(k, v)
          } catch {
            // a value fetch itself refuses (e.g. a newline) never reaches a server
          }
        }
        set('authorization', r.auth)
        set('content-type', r.contentType)
        set('idempotency-key', r.idempotencyKey)
        if (r.signed && typeof r.body === 'string')
          for (const [k, v] of Object.entries(signedHeaders(h.clock, r.body, r.eventId || 'e'))) if (k !== 'content-type') set(k, v)
        if (r.extraHeader && r.extraHeader[0] !== 'content-length') set(r.extraHeader[0], r.extraHeader[1])
        const hasBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD'
        const res = await h.app.request(
          `${r.path}${r.query}`,
          { method: r.method, headers, body: hasBody ? (r.body as BodyInit) : undefined },
          { incoming: { socket: { remoteAddress: '192.0.2.77' } } },
        )
        expect(res.status, `${r.method} ${r.path}${r.query}`).toBeLessThan(500)
        const page = /^\/(m|ui)(\/|$)/.test(r.path) // the pages people read answer errors as pages, in Chinese
        if (res.status >= 400 && r.method !== 'HEAD' && page) {
          expect(res.headers.get('content-type')).toMatch(/^text\/html/)
          expect(await res.text()).not.toMatch(/\bat .+:\d+:\d+\)?$/m) // no stack
        } else if (res.status >= 400 && r.method !== 'HEAD') {
          const err = (await res.json()) as { code: string; requestId: string }
          expect(typeof err.code).toBe('string')
          expect(err.requestId).toBe(res.headers.get('x-request-id'))
        } else {
          await res.arrayBuffer()
        }
      }),
      // the seed is the run's (tests/setup/fuzz-seed.ts)
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
    )
  })
})
