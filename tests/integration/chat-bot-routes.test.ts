import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { botRoutes } from '../../src/http/api/bot.routes.js'
import { AppError } from '../../src/errors.js'
import { handleErrors } from '../../src/http/common/errors.js'
import type { BotStatus } from '../../src/delivery/bot-state.js'
import type { AppEnv } from '../../src/http/common/types.js'
import { silentLogger } from '../../src/log.js'
import { qrSvg } from '../../bots/wechaty/qr.js'

function app(status: () => BotStatus | BotStatus[] | null) {
  const api = new Hono<AppEnv>()
  api.onError(handleErrors())
  api.use(requestId())
  api.use(async (c, next) => {
    c.set('logger', silentLogger)
    await next()
  })
  // stands in for the app's bearer authentication, which mounts these routes behind it
  api.use(async (c, next) => {
    const role = c.req.header('x-test-role') as 'organizer' | 'reporter' | 'admin' | undefined
    if (!role) throw new AppError('UNAUTHORIZED', 'missing bearer token')
    c.set('auth', { tokenId: 1, role, unitCode: c.req.header('x-test-unit') ?? null })
    await next()
  })
  api.route(
    '/',
    botRoutes(() => {
      const s = status()
      return Array.isArray(s) ? s : s ? [s] : []
    }),
  )
  return { api }
}

const waiting: BotStatus = {
  name: 'xuefa',
  state: 'waiting_scan',
  qr: 'https://login.weixin.qq.com/l/abc',
  qrSvg: qrSvg('https://login.weixin.qq.com/l/abc'),
  since: '2024-03-05T00:00:00.000Z',
  lastEventAt: '2024-03-05T00:00:00.000Z',
  reconnectAttempts: 0,
}

describe('bot status routes', () => {
  it('shows an organizer the login state and the QR as SVG', async () => {
    const { api } = app(() => waiting)
    const auth = { 'x-test-role': 'organizer' }
    const res = await api.request('/bot/status', { headers: auth })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      enabled: true,
      name: 'xuefa',
      state: 'waiting_scan',
      qr: waiting.qr,
      since: waiting.since,
      lastEventAt: waiting.lastEventAt,
      reconnectAttempts: 0,
      qrUrl: '/api/v1/bot/qr.svg',
      accounts: [
        {
          account: 'default',
          name: 'xuefa',
          state: 'waiting_scan',
          qr: waiting.qr,
          since: waiting.since,
          lastEventAt: waiting.lastEventAt,
          reconnectAttempts: 0,
          qrUrl: '/api/v1/bot/qr.svg?account=default',
        },
      ],
    })
    const svg = await api.request('/bot/qr.svg', { headers: auth })
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(await svg.text()).toMatch(/^<svg [^>]*>.*<rect x="\d+"/)
  })

  it("keeps the login QR from a unit's token: the state, but no QR (scanning it logs a WeChat account into the bot)", async () => {
    const { api } = app(() => waiting)
    const auth = { 'x-test-role': 'organizer', 'x-test-unit': 'SFJ' }
    const body = (await (await api.request('/bot/status', { headers: auth })).json()) as Record<string, unknown>
    expect(body).toMatchObject({ state: 'waiting_scan', qr: null, qrUrl: null })
    expect(body.accounts).toEqual([expect.objectContaining({ state: 'waiting_scan', qr: null, qrUrl: null })])
    expect((await api.request('/bot/qr.svg', { headers: auth })).status).toBe(403)
  })

  it('refuses other roles and anonymous callers', async () => {
    const { api } = app(() => waiting)
    expect((await api.request('/bot/status')).status).toBe(401)
    expect((await api.request('/bot/status', { headers: { 'x-test-role': 'reporter' } })).status).toBe(403)
  })

  it('answers 404 for the QR once logged in, and says when there is no bot', async () => {
    let status: BotStatus | null = { ...waiting, state: 'logged_in', qr: null, qrSvg: null }
    const { api } = app(() => status)
    const auth = { 'x-test-role': 'organizer' }
    expect((await api.request('/bot/qr.svg', { headers: auth })).status).toBe(404)
    status = null
    expect(await (await api.request('/bot/status', { headers: auth })).json()).toEqual({
      enabled: false,
      state: 'off',
      qr: null,
      accounts: [],
    })
  })

  it('lists every bot account with its own state and QR; the top level stays the first account', async () => {
    const a: BotStatus = { ...waiting, name: 'xuefa-a', account: 'a', state: 'logged_in', qr: null, qrSvg: null }
    const b: BotStatus = {
      ...waiting,
      name: 'xuefa-b',
      account: 'b',
      qr: 'https://login.weixin.qq.com/l/bbb',
      qrSvg: qrSvg('https://login.weixin.qq.com/l/bbb'),
    }
    const { api } = app(() => [a, b])
    const auth = { 'x-test-role': 'organizer' }
    const body = (await (await api.request('/bot/status', { headers: auth })).json()) as {
      name: string
      state: string
      accounts: { account: string; state: string; qrUrl: string | null }[]
    }
    expect([body.name, body.state]).toEqual(['xuefa-a', 'logged_in'])
    expect(body.accounts.map((x) => [x.account, x.state, x.qrUrl])).toEqual([
      ['a', 'logged_in', null],
      ['b', 'waiting_scan', '/api/v1/bot/qr.svg?account=b'],
    ])
    const svg = await api.request('/bot/qr.svg?account=b', { headers: auth })
    expect(svg.status).toBe(200)
    expect(await svg.text()).toBe(b.qrSvg)
    expect((await api.request('/bot/qr.svg?account=a', { headers: auth })).status).toBe(404)
    expect((await api.request('/bot/qr.svg?account=nobody', { headers: auth })).status).toBe(404)
  })
})
