/**
 * Local stand-ins for the three group-robot webhooks (real node:http on 127.0.0.1, port 0), implementing
 * the documented request shapes, signature checks and rate limits (DOMAIN.md "Channels"):
 * - WeCom:    POST /cgi-bin/webhook/send?key=K; text ≤ 2048 B, markdown ≤ 4096 B; 20/min → errcode 45009
 * - DingTalk: POST /robot/send?access_token=T&timestamp=ms&sign=…; sign = base64(HMAC-SHA256(secret, ts+"\n"+secret)),
 *             ts within 1 h; 20/min, then throttled for 10 min → errcode 130101
 * - Feishu:   POST /open-apis/bot/v2/hook/T; body.timestamp (s) and body.sign = base64(HMAC-SHA256(key=ts+"\n"+secret, ""));
 *             body ≤ 20 KB; 5/s and 100/min → code 11232
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'

export interface ReceivedMessage {
  platform: 'wecom' | 'dingtalk' | 'feishu'
  token: string
  at: number
  body: Record<string, unknown>
}

export interface FakeRobotsOptions {
  /** the servers' clock (ms); share the test's ManualClock */
  now: () => number
  wecomKeys?: string[]
  dingtalk?: Record<string, string | null> // access_token → secret
  feishu?: Record<string, string | null> // hook token → secret
}

export interface FakeRobots {
  url: string
  received: ReceivedMessage[]
  /** answered with 200 but refused: throttled, bad signature, … */
  refused: { platform: string; code: number; at: number }[]
  /** the next request to `platform` gets HTTP 429 with Retry-After: seconds */
  fail429Next(platform: ReceivedMessage['platform'], retryAfterSeconds: number): void
  close(): Promise<void>
}

const bytes = (s: unknown) => Buffer.byteLength(String(s ?? ''), 'utf8')

export async function startFakeRobots(o: FakeRobotsOptions): Promise<FakeRobots> {
  const received: ReceivedMessage[] = []
  const refused: FakeRobots['refused'] = []
  const history = new Map<string, number[]>()
  const throttledUntil = new Map<string, number>()
  const fail429 = new Map<string, number>()

  /** counts the request in the token's sliding windows; true when within all limits */
  function withinLimits(key: string, limits: [number, number][]): boolean {
    const now = o.now()
    const h = (history.get(key) ?? []).filter((t) => t > now - 60_000)
    const ok = limits.every(([count, perMs]) => h.filter((t) => t > now - perMs).length < count)
    if (ok) h.push(now)
    history.set(key, h)
    return ok
  }

  function answer(res: ServerResponse, platform: string, json: Record<string, unknown>, code: number): void {
    if (code !== 0) refused.push({ platform, code, at: o.now() })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', 'http://x')
    const platform = url.pathname.startsWith('/cgi-bin/') ? 'wecom' : url.pathname.startsWith('/robot/') ? 'dingtalk' : 'feishu'
    const pending429 = fail429.get(platform)
    if (pending429 !== undefined) {
      fail429.delete(platform)
      refused.push({ platform, code: 429, at: o.now() })
      res.writeHead(429, { 'retry-after': String(pending429) }).end('too many requests')
      return
    }
    if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      res.writeHead(400).end()
      return
    }
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
    const now = o.now()
    if (platform === 'wecom') {
      const key = url.searchParams.get('key') ?? ''
      if (url.pathname !== '/cgi-bin/webhook/send' || !(o.wecomKeys ?? []).includes(key))
        return answer(res, platform, { errcode: 93000, errmsg: 'invalid webhook url' }, 93000)
      const type = body.msgtype
      const content =
        type === 'text'
          ? (body.text as { content?: string })?.content
          : type === 'markdown'
            ? (body.markdown as { content?: string })?.content
            : undefined
      if (content === undefined) return answer(res, platform, { errcode: 40008, errmsg: 'invalid message type' }, 40008)
      if (bytes(content) > (type === 'text' ? 2048 : 4096))
        return answer(res, platform, { errcode: 40058, errmsg: 'content exceed max length' }, 40058)
      if (!withinLimits(`wecom:${key}`, [[20, 60_000]]))
        return answer(res, platform, { errcode: 45009, errmsg: 'api freq out of limit' }, 45009)
      received.push({ platform, token: key, at: now, body })
      return answer(res, platform, { errcode: 0, errmsg: 'ok' }, 0)
    }
    if (platform === 'dingtalk') {
      const token = url.searchParams.get('access_token') ?? ''
      if (!(token in (o.dingtalk ?? {}))) return answer(res, platform, { errcode: 300001, errmsg: 'token is not exist' }, 300001)
      const secret = o.dingtalk![token]
      if (secret) {
        const ts = Number(url.searchParams.get('timestamp'))
        const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64')
        if (!Number.isFinite(ts) || Math.abs(now - ts) > 3_600_000 || url.searchParams.get('sign') !== expected) {
          return answer(res, platform, { errcode: 310000, errmsg: 'sign not match' }, 310000)
        }
      }
      if ((throttledUntil.get(token) ?? 0) > now)
        return answer(res, platform, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, 130101)
      if (!withinLimits(`dingtalk:${token}`, [[20, 60_000]])) {
        throttledUntil.set(token, now + 600_000)
        return answer(res, platform, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, 130101)
      }
      received.push({ platform, token, at: now, body })
      return answer(res, platform, { errcode: 0, errmsg: 'ok' }, 0)
    }
    const token = url.pathname.replace('/open-apis/bot/v2/hook/', '')
    if (!url.pathname.startsWith('/open-apis/bot/v2/hook/') || !(token in (o.feishu ?? {})))
      return answer(res, platform, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' }, 19001)
    if (raw.length > 20 * 1024) return answer(res, platform, { code: 9499, msg: 'request body too large' }, 9499)
    const secret = o.feishu![token]
    if (secret) {
      const ts = Number(body.timestamp)
      const expected = createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64')
      if (!Number.isFinite(ts) || Math.abs(now / 1000 - ts) > 3600 || body.sign !== expected)
        return answer(res, platform, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' }, 19021)
    }
    if (
      !withinLimits(`feishu:${token}`, [
        [5, 1000],
        [100, 60_000],
      ])
    )
      return answer(res, platform, { code: 11232, msg: 'frequency limited' }, 11232)
    received.push({ platform, token, at: now, body })
    return answer(res, platform, { code: 0, msg: 'success', data: {} }, 0)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    refused,
    fail429Next(platform, seconds) {
      fail429.set(platform, seconds)
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
