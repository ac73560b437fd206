/**
 * Local stand-ins for the platforms' application APIs (real node:http on 127.0.0.1, port 0), implementing the
 * documented contracts the adapters in bots/apps cite:
 * - WeCom:    GET /cgi-bin/gettoken?corpid&corpsecret → access_token, expires_in 7200; POST /cgi-bin/message/send?access_token
 *             → 42001 for an expired token, 40014 for an unknown one, 81013 for a user not in the corp, and a queued
 *             throttling code (45009…) when told; over 30 a minute to one member, answered ok but dropped; text ≤ 2048 bytes, textcard description ≤ 512 bytes.
 *   The platform's side of the callback: a user's text message sealed (AES-256-CBC, msg_signature) and POSTed.
 * - DingTalk: GET /gettoken?appkey&appsecret; POST /topapi/message/corpconversation/asyncsend_v2?access_token (agent_id,
 *             userid_list, msg); POST /robot/sendBySession?session=S (the session webhook a callback carried).
 *   The platform's side of the callback: a robot message with the `timestamp` and `sign` headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createHmac, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { wecomEncrypt, wecomSignature } from '../../bots/apps/wecom-crypto.js'

export const WECOM = {
  corpId: 'ww-test-corp',
  secret: 'wecom-secret',
  agentId: '1000002',
  token: 'cbtoken',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
}
export const DINGTALK = { appKey: 'ding-app-key', secret: 'ding-app-secret', agentId: '2000001' }

/** A message as the user reads it: who, in what form, its text (or card) and its link. */
export interface Heard {
  platform: 'wecom' | 'dingtalk'
  to: string
  /** text, markdown, textcard, action_card; 'session' for a DingTalk session-webhook reply */
  kind: string
  text: string
  url: string | null
}

export interface FakeApps {
  url: string
  heard: Heard[]
  /** requests answered with an error code, in order */
  refused: { platform: string; code: number }[]
  /** WeCom messages over 30 a minute to one member: answered ok, never delivered (as the platform does) */
  dropped: Heard[]
  tokensIssued: number
  /** the next send answers this code (45009, 42001…) */
  /** 'dingtalk-session': the next reply through a session webhook */
  failNext(platform: 'wecom' | 'dingtalk' | 'dingtalk-session', code: number): void
  /** every token issued so far is expired: the next send with one answers 42001 */
  expireTokens(): void
  /** what one user received (texts and cards' texts) */
  textsTo(userId: string): string[]
  /** the platform posting a user's text message to xuefa's WeCom callback; resolves with xuefa's answer */
  wecomSay(userId: string, text: string, o?: { msgId?: string; signature?: string }): Promise<Response>
  wecomVerify(echo: string, o?: { signature?: string }): Promise<Response>
  /** `sessionWebhook`: another address than the fake's own (a forged body) */
  dingtalkSay(
    staffId: string,
    text: string,
    o?: { msgId?: string; sign?: string; timestamp?: number; sessionWebhook?: string },
  ): Promise<Response>
  close(): Promise<void>
}

export interface FakeAppsOptions {
  now: () => number
  /** xuefa: the callbacks are delivered here (app.fetch / xuefa.fetch) */
  xuefa: (r: Request) => Response | Promise<Response>
  /** WeCom's users in the corp (others are 81013) */
  wecomUsers: string[]
  callbackPath: { wecom: string; dingtalk: string }
}

export async function startFakeApps(o: FakeAppsOptions): Promise<FakeApps> {
  // message ids, nonces, sessions: each fake counts its own (no state left for the next test file of the worker)
  let seq = 1000
  const heard: Heard[] = []
  const refused: FakeApps['refused'] = []
  const dropped: Heard[] = []
  const memberTimes = new Map<string, number[]>()
  const tokens = new Map<string, { platform: string; expiresAt: number }>()
  const failNext = new Map<string, number>()
  let tokensIssued = 0

  const json = (res: ServerResponse, platform: string, body: Record<string, unknown>) => {
    const code = Number(body.errcode ?? 0)
    if (code !== 0) refused.push({ platform, code })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  const issue = (platform: string) => {
    const token = `${platform}-token-${++tokensIssued}`
    tokens.set(token, { platform, expiresAt: o.now() + 7200_000 })
    return token
  }
  /** 0 when the token is good, else the platform's code */
  const tokenCode = (platform: string, token: string | null) => {
    const t = token ? tokens.get(token) : undefined
    if (!t || t.platform !== platform) return 40014
    return t.expiresAt <= o.now() ? 42001 : 0
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const url = new URL(req.url ?? '/', 'http://x')
    const body: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
    const f = (...path: string[]) => pick(body, ...path)
    const q = (k: string) => url.searchParams.get(k)
    switch (url.pathname) {
      case '/cgi-bin/gettoken':
        if (q('corpid') !== WECOM.corpId || q('corpsecret') !== WECOM.secret)
          return json(res, 'wecom', { errcode: 40001, errmsg: 'invalid credential' })
        return json(res, 'wecom', { errcode: 0, errmsg: 'ok', access_token: issue('wecom'), expires_in: 7200 })
      case '/cgi-bin/message/send': {
        const failing = failNext.get('wecom')
        if (failing !== undefined) {
          failNext.delete('wecom')
          return json(res, 'wecom', { errcode: failing, errmsg: 'told to fail' })
        }
        const code = tokenCode('wecom', q('access_token'))
        if (code) return json(res, 'wecom', { errcode: code, errmsg: code === 42001 ? 'access_token expired' : 'invalid access_token' })
        if (f('agentid') !== WECOM.agentId) return json(res, 'wecom', { errcode: 40056, errmsg: 'invalid agentid' })
        const to = f('touser')
        if (!o.wecomUsers.includes(to)) return json(res, 'wecom', { errcode: 81013, errmsg: 'user & party & tag all invalid' })
        const kind = f('msgtype')
        const size = (s: string) => Buffer.byteLength(s, 'utf8')
        if (kind === 'text' && size(f('text', 'content')) > 2048) return json(res, 'wecom', { errcode: 44004, errmsg: 'text too long' })
        if (kind === 'textcard' && size(f('textcard', 'description')) > 512)
          return json(res, 'wecom', { errcode: 44004, errmsg: 'too long' })
        const times = (memberTimes.get(to) ?? []).filter((at) => at > o.now() - 60_000)
        memberTimes.set(to, [...times, o.now()])
        ;(times.length >= 30 ? dropped : heard).push({
          platform: 'wecom',
          to,
          kind,
          text: kind === 'textcard' ? `${f('textcard', 'title')}\n${f('textcard', 'description')}` : f(kind, 'content'),
          url: kind === 'textcard' ? f('textcard', 'url') : null,
        })
        return json(res, 'wecom', { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `m${++seq}` })
      }
      case '/gettoken':
        if (q('appkey') !== DINGTALK.appKey || q('appsecret') !== DINGTALK.secret)
          return json(res, 'dingtalk', { errcode: 40089, errmsg: 'invalid appkey' })
        return json(res, 'dingtalk', { errcode: 0, errmsg: 'ok', access_token: issue('dingtalk'), expires_in: 7200 })
      case '/topapi/message/corpconversation/asyncsend_v2': {
        const failing = failNext.get('dingtalk')
        if (failing !== undefined) {
          failNext.delete('dingtalk')
          return json(res, 'dingtalk', { errcode: failing, errmsg: 'told to fail' })
        }
        const code = tokenCode('dingtalk', q('access_token'))
        if (code) return json(res, 'dingtalk', { errcode: code, errmsg: 'access_token' })
        if (f('agent_id') !== DINGTALK.agentId) return json(res, 'dingtalk', { errcode: 400002, errmsg: 'invalid agent_id' })
        const kind = f('msg', 'msgtype')
        const text =
          kind === 'action_card'
            ? f('msg', 'action_card', 'markdown')
            : kind === 'markdown'
              ? f('msg', 'markdown', 'text')
              : f('msg', 'text', 'content')
        for (const to of f('userid_list').split(','))
          heard.push({ platform: 'dingtalk', to, kind, text, url: kind === 'action_card' ? f('msg', 'action_card', 'single_url') : null })
        return json(res, 'dingtalk', { errcode: 0, errmsg: 'ok', task_id: ++seq, request_id: 'r' })
      }
      case '/robot/sendBySession': {
        const session = sessions.get(q('session') ?? '')
        if (!session || session.expiresAt <= o.now()) return json(res, 'dingtalk', { errcode: 300001, errmsg: 'session expired' })
        const failing = failNext.get('dingtalk-session')
        if (failing !== undefined) {
          failNext.delete('dingtalk-session')
          return json(res, 'dingtalk', { errcode: failing, errmsg: 'told to fail' })
        }
        heard.push({
          platform: 'dingtalk',
          to: session.staffId,
          kind: 'session',
          text: f('text', 'content') || f('markdown', 'text'),
          url: null,
        })
        return json(res, 'dingtalk', { errcode: 0, errmsg: 'ok' })
      }
      default:
        res.writeHead(404).end()
    }
  }

  const sessions = new Map<string, { staffId: string; expiresAt: number }>()
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    heard,
    refused,
    dropped,
    get tokensIssued() {
      return tokensIssued
    },
    failNext: (platform, code) => void failNext.set(platform, code),
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = o.now()
    },
    textsTo: (userId) => heard.filter((h) => h.to === userId).map((h) => h.text),
    async wecomSay(userId, text, s = {}) {
      const createdS = Math.floor(o.now() / 1000)
      const xml = `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${createdS}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${s.msgId ?? ++seq}</MsgId><AgentID>${WECOM.agentId}</AgentID></xml>`
      const encrypted = wecomEncrypt(WECOM.aesKey, xml, WECOM.corpId, randomBytes(16))
      const timestamp = String(createdS)
      const nonce = String(++seq)
      const signature = s.signature ?? wecomSignature(WECOM.token, timestamp, nonce, encrypted)
      const body = `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><AgentID><![CDATA[${WECOM.agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`
      const qs = new URLSearchParams({ msg_signature: signature, timestamp, nonce })
      return o.xuefa(
        new Request(`http://xuefa${o.callbackPath.wecom}?${qs}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } }),
      )
    },
    async wecomVerify(echo, s = {}) {
      const encrypted = wecomEncrypt(WECOM.aesKey, echo, WECOM.corpId)
      const timestamp = String(Math.floor(o.now() / 1000))
      const nonce = String(++seq)
      const signature = s.signature ?? wecomSignature(WECOM.token, timestamp, nonce, encrypted)
      const qs = new URLSearchParams({ msg_signature: signature, timestamp, nonce, echostr: encrypted })
      return o.xuefa(new Request(`http://xuefa${o.callbackPath.wecom}?${qs}`))
    },
    async dingtalkSay(staffId, text, s = {}) {
      const session = `s${++seq}`
      const now = o.now()
      sessions.set(session, { staffId, expiresAt: now + 90 * 60_000 })
      const timestamp = String(s.timestamp ?? now)
      const sign = s.sign ?? createHmac('sha256', DINGTALK.secret).update(`${timestamp}\n${DINGTALK.secret}`).digest('base64')
      const body = {
        conversationId: `cid-${staffId}`,
        chatbotCorpId: 'ding-corp',
        msgId: s.msgId ?? `msg${++seq}`,
        senderNick: staffId,
        isAdmin: false,
        senderStaffId: staffId,
        sessionWebhookExpiredTime: now + 90 * 60_000,
        createAt: now,
        conversationType: '1',
        senderId: `$:LWCP_v1:$${staffId}`,
        sessionWebhook: s.sessionWebhook ?? `${url}/robot/sendBySession?session=${session}`,
        text: { content: ` ${text}` },
        msgtype: 'text',
      }
      return o.xuefa(
        new Request(`http://xuefa${o.callbackPath.dingtalk}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json; charset=utf-8', timestamp, sign },
        }),
      )
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** A string inside a parsed JSON body ('' when absent). */
function pick(v: unknown, ...path: string[]): string {
  let cur = v
  for (const k of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined
  return cur == null ? '' : String(cur)
}
