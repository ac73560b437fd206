import { afterEach, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createXuefa, type Xuefa } from '../../src/main.js'
import { silentLogger } from '../../src/log.js'
import { ManualClock } from '../../src/clock.js'
import { signWebhook } from '../../src/http/api/webhook-signature.js'
import { START, WEBHOOK_SECRET, seedCounty } from '../helpers/api.js'

// The signed webhook over a real socket: chunked bodies without Content-Length, and the body limit counted
// while reading (Hono's bodyLimit), as @hono/node-server hands them to the app.

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function server(env: Record<string, string> = {}): Promise<Xuefa> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-hook-node-'))
  const app = await createXuefa({
    dbUrl: `file:${join(dir, 'x.db')}`,
    port: 0,
    clock: new ManualClock(START),
    loops: false,
    logger: silentLogger,
    env: { XUEFA_BOT: 'off', XUEFA_BANK: 'off', XUEFA_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
  })
  await app.start()
  cleanups.push(async () => {
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  await seedCounty(app.db)
  return app
}

/** A POST written in `chunks` pieces with chunked transfer encoding (no Content-Length). */
function post(port: number, body: string, eventId: string, chunks = 1): Promise<{ status: number; body: string }> {
  const timestamp = String(Math.floor(Date.parse(START) / 1000))
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhooks/meetings',
        headers: {
          'content-type': 'application/json',
          'x-xuefa-timestamp': timestamp,
          'x-xuefa-event-id': eventId,
          'x-xuefa-signature': signWebhook(WEBHOOK_SECRET, timestamp, body),
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let text = ''
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (text += d))
          .on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    const bytes = Buffer.from(body)
    const size = Math.ceil(bytes.length / chunks)
    for (let i = 0; i < bytes.length; i += size) req.write(bytes.subarray(i, i + size))
    req.end()
  })
}

const feed = (title = '县政府常务会议') =>
  JSON.stringify({ meetings: [{ id: 'OA-1', body: title, meetingNo: '第1次', startsAt: '2024-03-05T09:00:00+08:00', unitCode: 'PL-A' }] })

describe('webhook over node', () => {
  it('reads a body sent in pieces, verifies it over the raw bytes and plans the session', async () => {
    const app = await server()
    const res = await post(app.port!, feed(), 'evt-1', 7)
    expect(res.status).toBe(200)
    expect((JSON.parse(res.body) as { created: string[] }).created).toHaveLength(1)
    const again = await post(app.port!, feed(), 'evt-1', 3)
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true })
  })

  it('answers 413 for a body over the limit without Content-Length, and writes nothing', async () => {
    const app = await server({ XUEFA_JSON_BODY_LIMIT: '2048' })
    const res = await post(app.port!, feed('县'.repeat(1000)), 'evt-big', 5)
    expect(res.status).toBe(413)
    expect((JSON.parse(res.body) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE')
    const n = await app.db.execute('SELECT (SELECT count(*) FROM webhook_events) + (SELECT count(*) FROM sessions) AS n')
    expect(Number(n.rows[0]?.n)).toBe(0)
    // the connection and the server are still fine
    expect((await post(app.port!, feed(), 'evt-2')).status).toBe(200)
  })
})
