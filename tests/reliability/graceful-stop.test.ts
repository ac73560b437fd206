/**
 * SIGTERM to `xuefa serve`: no new connections, the request and the robot send in hand finish, nothing is left
 * 'sending', the database is closed ("stopped" is logged after it) and intact; a second SIGTERM exits at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { request } from 'node:http'
import { startXuefa, waitForExit } from '../helpers/cli.js'
import type { TestDb } from '../helpers/db.js'
import { startHeldRobot } from './helpers/held-robot.js'
import { createServeFixture } from './helpers/serve-fixture.js'

const READY = /已启动: http:\/\/127\.0\.0\.1:(\d+)\/healthz/
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * A PUT whose body arrives in two halves: in hand on the server between them. It asks `Expect: 100-continue`, so
 * the server's "100 Continue" says when it has the request (`inHand`). `Connection: close`, because the stop waits
 * for idle keep-alive connections to time out (reported to the lead, src/main.ts closeServer).
 */
function slowPut(
  port: number,
  path: string,
  token: string,
  body: string,
): { inHand: Promise<void>; finish(): void; response: Promise<{ status: number; text: string }> } {
  const bytes = Buffer.from(body)
  const half = Math.floor(bytes.length / 2)
  const req = request({
    host: '127.0.0.1',
    port,
    path,
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': bytes.length,
      connection: 'close',
      expect: '100-continue',
    },
  })
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
  })
  const inHand = new Promise<void>((resolve) => req.once('continue', () => req.write(bytes.subarray(0, half), () => resolve())))
  req.flushHeaders()
  return { inHand, finish: () => req.end(bytes.subarray(half)), response }
}

const refused = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => false,
    () => true,
  )

async function startServe(): Promise<{
  t: TestDb
  token: string
  robot: Awaited<ReturnType<typeof startHeldRobot>>
  serve: Awaited<ReturnType<typeof startXuefa>>
  port: number
}> {
  const robot = await startHeldRobot()
  cleanups.push(() => robot.close())
  const { t, token, env } = await createServeFixture(robot.url)
  cleanups.push(() => t.cleanup())
  const serve = await startXuefa(['serve'], env, READY)
  cleanups.push(() => void serve.child.kill('SIGKILL'))
  return { t, token, robot, serve, port: Number(serve.match[1]) }
}

describe('xuefa serve and SIGTERM', () => {
  it('finishes the request and the send in hand, takes no new work, leaves nothing sending and closes the database', async () => {
    const { t, token, robot, serve, port } = await startServe()
    await robot.whenReceived(1)
    const put = slowPut(port, '/api/v1/sessions/S1/attendance', token, JSON.stringify([{ officialId: 'A001', status: 'present' }]))
    await put.inHand // the request is on the server, waiting for the rest of its body

    serve.child.kill('SIGTERM')
    // nothing announces the closed listener: ask until a connection is refused, giving up well before the test's 30 s
    await vi.waitFor(async () => expect(await refused(port)).toBe(true), { timeout: 10_000, interval: 20 })
    put.finish()
    expect(await put.response).toMatchObject({ status: 200 })
    robot.release()
    expect(await waitForExit(serve.child)).toBe(0)
    expect(serve.output()).toContain('"msg":"stopped"')

    expect(robot.received()).toBe(1) // nothing new was taken after the signal
    const db = await t.open()
    cleanups.push(() => db.close())
    expect((await db.execute('PRAGMA integrity_check')).rows[0]![0]).toBe('ok')
    const states = await db.execute('SELECT state, count(*) AS n FROM deliveries GROUP BY state ORDER BY state')
    expect(states.rows.map((r) => [r.state, r.n])).toEqual([
      ['pending', 2],
      ['sent', 1],
    ])
    const marks = await db.execute("SELECT status FROM attendance WHERE session_id = 'S1' AND official_id = 'A001'")
    expect(marks.rows.map((r) => r.status)).toEqual(['present'])
  })

  it('exits at once on a second SIGTERM while the send in hand still waits', async () => {
    const { robot, serve } = await startServe()
    await robot.whenReceived(1)
    serve.child.kill('SIGTERM')
    await serve.printed('stopping: finishing the work in hand')
    serve.child.kill('SIGTERM')
    expect(await waitForExit(serve.child)).toBe(130)
    expect(serve.output()).toContain('second signal: exiting now')
    expect(robot.answered()).toBe(0)
  })
})
