/**
 * The HTTP API beside servers that do nothing but answer the same bytes, same load generator, same run: a read route
 * (GET /api/v1/sessions/:id with an organizer token: token lookup, scope check, the session, its counts, quiz and
 * timeline) against a bare Hono app on @hono/node-server (the framework's own floor) and against raw node:http; and
 * the signed webhook (verify + durable dedup insert + 2xx, a new event id per request) against raw node:http.
 * autocannon runs in a worker thread so that it does not share the servers' event loop.
 *
 *   npx tsx scripts/bench/api.bench.ts
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { createHmac } from 'node:crypto'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createXuefa } from '../../src/main.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import type { BenchFigure } from './types.js'

interface CannonResult {
  requests: { average: number }
  latency: { p99: number }
  non2xx: number
  errors: number
  timeouts: number
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon

const SECRET = 'bench-webhook-secret-0123456789'
const SETUP_REQUEST = fileURLToPath(new URL('./api-webhook-request.cjs', import.meta.url))
const CONNECTIONS = 50
const FEED = JSON.stringify({
  meetings: [{ id: 'OA-BENCH-1', body: '县政府常务会议', meetingNo: '第1次', startsAt: '2024-03-05T09:00:00+08:00', unitCode: 'PL-A' }],
})

async function drive(
  url: string,
  opts: { token?: string; webhook?: boolean; connections?: number },
  seconds: number,
): Promise<CannonResult> {
  const result = await autocannon({
    url,
    connections: opts.connections ?? CONNECTIONS,
    duration: seconds,
    workers: 1,
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    ...(opts.webhook ? { requests: [{ setupRequest: SETUP_REQUEST }] } : {}),
  })
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`)
  }
  return result
}

/** Warm up (JIT, caches), then measure. */
async function measure(
  url: string,
  opts: { token?: string; webhook?: boolean; connections?: number },
  seconds: number,
): Promise<CannonResult> {
  await drive(url, opts, Math.min(1, seconds))
  return drive(url, opts, seconds)
}

/** What a response of ours carries, for the raw server to send the same bytes: body and headers (request id aside). */
interface Answer {
  body: string
  headers: Record<string, string>
}

async function answerOf(res: Response): Promise<Answer> {
  const headers: Record<string, string> = {}
  for (const [name, value] of res.headers) {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'x-request-id', 'transfer-encoding'].includes(name)) headers[name] = value
  }
  return { body: await res.text(), headers }
}

/**
 * The baseline: node:http with no framework and no work, answering GETs and POSTs with the very bytes our
 * server answers (the same body, the same headers, a request id of its own), so that the ratio is what the
 * server does and not how many header bytes the load generator parses.
 */
function rawServer(read: Answer, post: Answer): Promise<{ server: Server; port: number }> {
  let n = 0
  const send = (res: ServerResponse, a: Answer) => {
    res.setHeader('X-Request-Id', `raw-${++n}`)
    res.writeHead(200, { ...a.headers, 'content-length': Buffer.byteLength(a.body) }).end(a.body)
  }
  const server = createServer((req, res) => {
    if (req.method === 'GET') return send(res, read)
    req.resume()
    req.on('end', () => send(res, post))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })),
  )
}

/** The framework's floor: a bare Hono app on @hono/node-server answering the read with the very same bytes. */
function honoServer(read: Answer): Promise<{ server: Server; port: number }> {
  let n = 0
  const app = new Hono()
  app.get('*', (c) => c.body(read.body, 200, { ...read.headers, 'X-Request-Id': `hono-${++n}` }))
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port })) as Server
  })
}

/** One feed signed as the load generator signs them (api-webhook-request.cjs), for the answer's bytes. */
function signedPost(url: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const id = 'bench-first'
  return fetch(url, {
    method: 'POST',
    body: FEED,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${createHmac('sha256', SECRET).update(`${id}.${timestamp}.`).update(FEED).digest('base64')}`,
    },
  })
}

async function seed(db: Awaited<ReturnType<typeof createXuefa>>['db'], now: string): Promise<void> {
  const stmts = [
    {
      sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL', '平罗县', NULL, '/PL/', ?, ?)",
      args: [now, now],
    },
    {
      sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL-A', '县司法局', 'PL', '/PL/PL-A/', ?, ?)",
      args: [now, now],
    },
    {
      sql: "INSERT INTO sessions (id, kind, title, starts_at, unit_code, status, source, created_at, updated_at) VALUES ('S-BENCH', 'lecture', '专题讲座', '2024-03-10T01:00:00.000Z', 'PL-A', 'held', 'api', ?, ?)",
      args: [now, now],
    },
    { sql: "INSERT INTO session_laws (session_id, law_title, position) VALUES ('S-BENCH', '中华人民共和国行政复议法', 0)", args: [] },
  ]
  for (let i = 0; i < 60; i++) {
    const id = `A${String(i).padStart(3, '0')}`
    stmts.push({
      sql: "INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, '某某', 'PL-A', ?, ?)",
      args: [id, now, now],
    })
    stmts.push({
      sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES ('S-BENCH', ?, ?, ?)",
      args: [id, i % 7 === 0 ? 'late' : 'present', now],
    })
  }
  await db.batch(stmts)
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000

export async function benchApi(opts: { seconds?: number } = {}): Promise<BenchFigure[]> {
  const SECONDS = opts.seconds ?? Number(process.env.XUEFA_BENCH_SECONDS ?? 5)
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-api-'))
  process.env.XUEFA_BENCH_WEBHOOK_SECRET = SECRET
  process.env.XUEFA_BENCH_WEBHOOK_BODY = FEED
  const xuefa = await createXuefa({
    dbUrl: `file:${join(dir, 'bench.db')}`,
    port: 0,
    env: { XUEFA_WEBHOOK_SECRET: SECRET, XUEFA_BOT: 'off', XUEFA_LOG_LEVEL: 'warn', XUEFA_BANK: 'off' },
  })
  let raw: { server: Server; port: number } | undefined
  let hono: { server: Server; port: number } | undefined
  try {
    await xuefa.start()
    await seed(xuefa.db, xuefa.clock.now().toISOString())
    const { token } = await createApiToken(
      { db: xuefa.db, clock: xuefa.clock },
      { role: 'organizer', unitCode: 'PL-A' },
      { actor: 'bench' },
    )
    const base = `http://127.0.0.1:${xuefa.port}`
    const read = await answerOf(await fetch(`${base}/api/v1/sessions/S-BENCH`, { headers: { authorization: `Bearer ${token}` } }))
    const post = await answerOf(await signedPost(`${base}/webhooks/meetings`))
    raw = await rawServer(read, post)
    hono = await honoServer(read)
    const rawBase = `http://127.0.0.1:${raw.port}`

    const rawRead = await measure(`${rawBase}/api/v1/sessions/S-BENCH`, {}, SECONDS)
    const honoRead = await measure(`http://127.0.0.1:${hono.port}/api/v1/sessions/S-BENCH`, {}, SECONDS)
    const apiRead = await measure(`${base}/api/v1/sessions/S-BENCH`, { token }, SECONDS)
    // a dashboard or a report section: a few people at a time
    const apiReadLight = await measure(`${base}/api/v1/sessions/S-BENCH`, { token, connections: 10 }, SECONDS)
    const rawPost = await measure(`${rawBase}/webhooks/meetings`, { webhook: true }, SECONDS)
    const hook = await measure(`${base}/webhooks/meetings`, { webhook: true }, SECONDS)
    // an OA system sends its feeds one or a few at a time: the latency at a load below saturation
    const hookLight = await measure(`${base}/webhooks/meetings`, { webhook: true, connections: 10 }, SECONDS)
    const events = Number((await xuefa.db.execute('SELECT count(*) AS n FROM webhook_events')).rows[0]?.n)
    if (events < hook.requests.average * SECONDS * 0.5) throw new Error(`only ${events} webhook events were recorded`)

    const readRatio = ratio(apiRead.requests.average, honoRead.requests.average)
    const hookRatio = ratio(hook.requests.average, rawPost.requests.average)
    return [
      {
        name: 'api.read.throughput',
        value: Math.round(apiRead.requests.average),
        unit: 'req/s',
        baseline: Math.round(honoRead.requests.average),
        ratio: readRatio,
        // what a county needs, far below what either serves; the ratio says what xuefa's work costs beside the framework
        goal: '>= 1000 req/s (value)',
        met: apiRead.requests.average >= 1000,
      },
      {
        name: 'api.read.vs_raw_node',
        value: Math.round(apiRead.requests.average),
        unit: 'req/s',
        baseline: Math.round(rawRead.requests.average),
        ratio: ratio(apiRead.requests.average, rawRead.requests.average),
        goal: 'report',
        met: null,
      },
      {
        name: 'api.read.p99.10conn',
        value: apiReadLight.latency.p99,
        unit: 'ms',
        baseline: null,
        ratio: null,
        goal: `<= 20 (value; ${Math.round(apiReadLight.requests.average)} req/s)`,
        met: apiReadLight.latency.p99 <= 20,
      },
      {
        name: 'api.read.p99',
        value: apiRead.latency.p99,
        unit: 'ms',
        baseline: honoRead.latency.p99,
        ratio: ratio(apiRead.latency.p99, Math.max(1, honoRead.latency.p99)),
        goal: 'report (50 connections)',
        met: null,
      },
      {
        name: 'api.webhook.throughput',
        value: Math.round(hook.requests.average),
        unit: 'req/s',
        baseline: Math.round(rawPost.requests.average),
        ratio: hookRatio,
        // an OA system sends a feed when a meeting is planned or moved: a few a day
        goal: '>= 500 req/s (value)',
        met: hook.requests.average >= 500,
      },
      {
        name: 'api.webhook.p99',
        value: hook.latency.p99,
        unit: 'ms',
        baseline: rawPost.latency.p99,
        ratio: ratio(hook.latency.p99, Math.max(1, rawPost.latency.p99)),
        goal: 'report (50 connections)',
        met: null,
      },
      {
        name: 'api.webhook.p99.10conn',
        value: hookLight.latency.p99,
        unit: 'ms',
        baseline: null,
        ratio: null,
        goal: `<= 20 (value; ${Math.round(hookLight.requests.average)} req/s)`,
        met: hookLight.latency.p99 <= 20,
      },
    ]
  } finally {
    raw?.server.close()
    hono?.server.close()
    await xuefa.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of await benchApi()) console.log(JSON.stringify(f))
}
