/**
 * DingTalk enterprise-internal application (钉钉企业内部应用), the send side:
 * - access token: GET /gettoken?appkey=KEY&appsecret=SECRET → { access_token, expires_in: 7200 }, kept for its lifetime
 *   and fetched again when an answer says it is invalid or expired (40014, 42001, or errcode 88 with that sub_code)
 *   (https://open.dingtalk.com/document/orgapp/obtain-orgapp-token);
 * - work notifications: POST /topapi/message/corpconversation/asyncsend_v2?access_token=T with { agent_id, userid_list,
 *   msg: text | markdown | action_card } (https://open.dingtalk.com/document/orgapp/asynchronous-sending-of-enterprise-session-messages):
 *   at most 500 a day to one person per application, the same content once a day; the personal link goes as an
 *   action_card's button;
 * - replies in a conversation the person started: POST the message's sessionWebhook (valid until its
 *   sessionWebhookExpiredTime; https://open.dingtalk.com/document/orgapp/receive-message), else a work notification;
 * - frequency (「调用频率限制」, https://open.dingtalk.com/document/orgapp/invocation-frequency-limit; in English
 *   https://help.dingtalk.io/open/development/call-frequency-limit): see `dingtalkFailure`.
 */
import type { Channel, OutboundMessage, Recipient } from '../../src/delivery/channel.js'
import { ChannelUnavailableError, PermanentDeliveryError, ThrottledError } from '../../src/delivery/errors.js'
import { APP_CHANNEL, findApp, type ChatApp } from '../../src/delivery/apps.repo.js'
import { findBindingByOfficial } from '../../src/roster/binding.repo.js'
import { cutToBytes, splitToFit } from '../robots/split.js'
import { asCard, requestJson, tokenCache } from './app-http.js'
import { pacedWithRetry, type AppChannelOptions, type TokenSlot } from './wecom.js'

export const DINGTALK_OAPI = 'https://oapi.dingtalk.com'
const TEXT_MAX = 5000
const EXPIRED_TOKEN = new Set(['40014', '42001', '40001'])
const MINUTE = 60_000
/**
 * Flow control, by code, and how long it holds the application:
 * - 90002: the API's global limit (every organization's calls together) — the help page's own example; the refusal
 *   names when the punishment ends, about a second later (as in github.com/ali-sdk/node-dingtalk/issues/32);
 * - 90018, 90006: read as the per-application and per-organization limits of the same page (the 900xx flow-control
 *   range); their exact wording was not found in the pages searched;
 * - 130101: a robot's 20 messages a minute (the session webhook's replies are the robot's), throttled for 10 minutes.
 * A code not listed (90010, once here, is not a documented flow-control code) is retried with backoff; -1 系统繁忙
 * too, as the global error codes advise («稍后再重试1次，最多重试3次»).
 */
const THROTTLED: ReadonlyMap<string, number | null> = new Map([
  ['90002', null],
  ['90006', null],
  ['90018', null],
  ['130101', 10 * MINUTE],
])
/** over 10,000 calls in 20 s from one address: every call refused for 5 minutes, answered without an errcode */
const ADDRESS_BAN_MS = 5 * MINUTE
/** the organization's API calls of the month are used up (errcode 90020, dingtalk.com help 1061621972): no minute's wait helps */
const MONTHLY_QUOTA = '90020'
const PERMANENT = new Set(['33012', '40035', '60011', '60020', '60121', '400002'])

/** The session webhook of each person's latest conversation with an application, by `${account}:${staffId}`. */
export type DingtalkSessions = Map<string, { url: string; expiresAt: number }>

export function dingtalkSessionKey(account: string, staffId: string): string {
  return `${account}:${staffId}`
}

/** One message of a work notification: an action card with the personal link as its button, else text. */
export function dingtalkMessages(m: OutboundMessage): Record<string, unknown>[] {
  const card = asCard(m.text)
  if (card)
    return [
      { msgtype: 'action_card', action_card: { title: card.title, markdown: card.body, single_title: card.button, single_url: card.url } },
    ]
  if (m.markdown) return [{ msgtype: 'markdown', markdown: { title: m.text.split('\n')[0]!.slice(0, 60), text: m.markdown } }]
  return splitToFit(m.text, TEXT_MAX).map((content) => ({ msgtype: 'text', text: { content: cutToBytes(content, TEXT_MAX) } }))
}

function codeOf(j: Record<string, unknown>): string {
  return String(j.errcode === 88 && j.sub_code !== undefined ? j.sub_code : j.errcode)
}

/** What a refusal means for the row: wait (how long), fail now, or try again later. */
export function dingtalkFailure(what: string, j: Record<string, unknown>, throttleMs: number): Error {
  // the address-wide ban is answered {"status":1111,"wait":5,"punish":"deny",…}, without an errcode
  if (j.punish === 'deny') return new ThrottledError(`${what} refused: too many calls from this address`, ADDRESS_BAN_MS)
  const code = codeOf(j)
  const message = `${what} ${code} ${String(j.errmsg ?? j.sub_msg ?? '').slice(0, 100)}`
  if (THROTTLED.has(code)) return new ThrottledError(message, THROTTLED.get(code) ?? throttleMs)
  if (code === MONTHLY_QUOTA) return new ChannelUnavailableError(message, 60 * MINUTE)
  if (PERMANENT.has(code)) return new PermanentDeliveryError(message)
  return new Error(message)
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

export function createDingtalkChannel(account: string, o: AppChannelOptions & { sessions: DingtalkSessions }): Channel {
  const base = (o.baseUrl ?? DINGTALK_OAPI).replace(/\/$/, '')
  const origin = originOf(base)
  const throttleMs = o.throttleMs ?? 60_000
  const tokens = o.tokens ?? new Map<string, TokenSlot>()

  function cacheFor(app: ChatApp) {
    let slot = tokens.get(account)
    if (slot?.secret !== app.secret) {
      const url = `${base}/gettoken?appkey=${encodeURIComponent(app.appKey ?? '')}&appsecret=${encodeURIComponent(app.secret)}`
      slot = {
        secret: app.secret,
        cache: tokenCache(o.clock, async () => {
          const j = await requestJson(o, url, { method: 'GET' }, 'dingtalk gettoken')
          if (j.errcode !== 0 || typeof j.access_token !== 'string')
            throw new ChannelUnavailableError(`dingtalk gettoken refused: ${codeOf(j)}`, 300_000)
          return { token: j.access_token, expiresInS: Number(j.expires_in) || 7200 }
        }),
      }
      tokens.set(account, slot)
    }
    return slot.cache
  }

  async function post(url: string, body: unknown, what: string): Promise<Record<string, unknown>> {
    try {
      return await requestJson(o, url, { method: 'POST', body }, what)
    } catch (err) {
      if (err instanceof Error && /HTTP 429/.test(err.message)) throw new ThrottledError(`${what} HTTP 429`, throttleMs)
      throw err
    }
  }

  async function notify(app: ChatApp, userId: string, msg: Record<string, unknown>): Promise<void> {
    const cache = cacheFor(app)
    for (let attempt = 0; ; attempt++) {
      const token = await cache.get()
      const j = await post(
        `${base}/topapi/message/corpconversation/asyncsend_v2?access_token=${encodeURIComponent(token)}`,
        { agent_id: Number(app.agentId) || app.agentId, userid_list: userId, msg },
        'dingtalk asyncsend_v2',
      )
      if (j.errcode === 0) return
      if (EXPIRED_TOKEN.has(codeOf(j)) && attempt === 0) {
        cache.invalidate(token)
        o.logger.info({ account, errcode: codeOf(j) }, 'dingtalk access token expired; fetching a new one')
        continue
      }
      throw dingtalkFailure('dingtalk asyncsend_v2', j, throttleMs)
    }
  }

  async function reply(url: string, m: OutboundMessage): Promise<void> {
    for (const [i, content] of splitToFit(m.text, TEXT_MAX).entries()) {
      if (i > 0) await o.pacer.take()
      const j = await post(url, { msgtype: 'text', text: { content } }, 'dingtalk sessionWebhook')
      if (j.errcode !== 0) throw dingtalkFailure('dingtalk sessionWebhook', j, throttleMs)
    }
  }

  async function deliver(to: Recipient, message: OutboundMessage): Promise<void> {
    const app = await findApp(o.db, 'dingtalk', account)
    if (!app?.enabled) throw new ChannelUnavailableError(`the DingTalk application ${account} is not configured or is disabled`, 300_000)
    let userId: string
    if (to.kind === 'contact') {
      userId = to.contactId
      const session = o.sessions.get(dingtalkSessionKey(account, userId))
      // the callback's body is not covered by its signature (only the timestamp is): a session webhook is posted to
      // only on DingTalk's own host, never to an address a forged body named
      if (session && session.expiresAt > o.clock.now().getTime() && origin !== null && originOf(session.url) === origin) {
        try {
          return await reply(session.url, message)
        } catch (err) {
          // the robot's conversation is throttled (130101: 10 minutes), not the work notifications: the reply goes
          // there rather than holding every reply of the application
          if (!(err instanceof ThrottledError)) throw err
          o.logger.warn({ account, error: err.message }, 'dingtalk session webhook throttled; replying by work notification')
        }
      }
    } else if (to.kind === 'official') {
      const binding = await findBindingByOfficial(o.db, to.officialId)
      if (binding?.channel !== APP_CHANNEL.dingtalk) throw new PermanentDeliveryError(`official ${to.officialId} is not bound on DingTalk`)
      userId = binding.contactId
    } else throw new PermanentDeliveryError(`a DingTalk application cannot reach a ${to.kind}`)
    for (const [i, msg] of dingtalkMessages(message).entries()) {
      if (i > 0) await o.pacer.take()
      await notify(app, userId, msg)
    }
  }

  return { name: APP_CHANNEL.dingtalk, send: pacedWithRetry(o, deliver) }
}
