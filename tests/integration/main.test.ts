import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createXuefa } from '../../src/main.js'
import { silentLogger } from '../../src/log.js'
import { ManualClock } from '../../src/clock.js'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

describe('createXuefa', () => {
  it('starts (migrating), answers through fetch and over HTTP, and stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-main-'))
    dirs.push(dir)
    const app = await createXuefa({
      dbUrl: `file:${join(dir, 'x.db')}`,
      port: 0,
      env: { XUEFA_BOT: 'off' },
      logger: silentLogger,
      clock: new ManualClock('2024-01-01T00:00:00Z'),
    })
    await app.start()
    const viaFetch = await app.fetch(new Request('http://x/healthz'))
    expect(await viaFetch.json()).toEqual({ status: 'ok' })
    const overHttp = await fetch(`http://127.0.0.1:${app.port}/healthz`)
    expect(overHttp.status).toBe(200)
    const unauth = await app.fetch(new Request('http://x/api/v1/sessions'))
    expect(unauth.status).toBe(401)
    const body = (await unauth.json()) as { code: string; requestId: string }
    expect(body.code).toBe('UNAUTHORIZED')
    expect(body.requestId).toMatch(/\S+/)
    await app.stop()
    await expect(fetch(`http://127.0.0.1:${app.port}/healthz`)).rejects.toThrow()
    await app.stop() // twice is harmless
  })
})
