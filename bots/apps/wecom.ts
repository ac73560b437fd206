/**
 * WeCom self-built application (企业微信自建应用), the send side:
 * - access token: GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET → { access_token, expires_in: 7200 }, kept for its
 *   lifetime and fetched again when the platform answers 42001 (expired), 40014 or 40001 (invalid)
 *   (https://developer.work.weixin.qq.com/document/path/91039);
 * - POST /cgi-bin/message/send?access_token=T with { touser, agentid, msgtype: text | markdown | textcard }: text up to
 *   2,048 bytes, a textcard's description up to 512 bytes with its url and btntxt
 *   (https://developer.work.weixin.qq.com/document/path/90236); an answer naming the user in `invaliduser` did not
 *   reach them;
 * - frequency: 45009 (over the API's frequency), 45033 (too many at once) and 45047 are waited out
 *   (https://developer.work.weixin.qq.com/document/path/90454: a minute's block lasts 60 s; error codes:
 *   https://developer.work.weixin.qq.com/document/path/90313).
 */
import type { Clock } from '../../src/clock.js'
import type { Logger } from '../../src/log.js'
import type { Executor } from '../../src/storage/db.js'
import type { Channel, OutboundMessage, Recipient } from '../../src/delivery/channel.js'
import type { Pacer } from '../../src/delivery/pacer.js'
import { ChannelUnavailableError, PermanentDeliveryError, ThrottledError } from '../../src/delivery/errors.js'
import { APP_CHANNEL, findApp, type ChatApp } from '../../src/delivery/apps.repo.js'
import { findBindingByOfficial } from '../../src/roster/binding.repo.js'
import { byteLength, cutToBytes, splitToFit } from '../robots/split.js'
import { asCard, requestJson, tokenCache, type AppHttpOptions } from './app-http.js'

export const WECOM_API = 'https://qyapi.weixin.qq.com'
const TEXT_MAX = 2048
const CARD_DESCRIPTION_MAX = 512
const EXPIRED_TOKEN = new Set([42001, 40014, 40001])
const THROTTLED = new Set([45009, 45033, 45047])
/** the user, the application or the message cannot be fixed by trying again */
const PERMANENT = new Set([40003, 40008, 40056, 41001, 44004, 60011, 81013, 82001])

export interface AppChannelOptions extends AppHttpOptions {
  db: Executor
  clock: Clock
  logger: Logger
  /** the platform's address (default the public one); tests point it at their fake server */
  baseUrl?: string
  /** how long a throttling answer holds the application (default 60 s: a minute's block) */
  throttleMs?: number
  /** the application's pacer (replies go through it; the outbox's copy is given `unpaced`) */
  pacer: Pacer
  lane?: 'interactive' | 'bulk'
  /** access tokens by account, shared by the chat's and the outbox's Channel of an application */
  tokens?: Map<string, TokenSlot>
  /** when each member was last sent to, by `${account}:${userId}`: shared by an application's Channels */
  memberSends?: Map<string, number[]>
}

/** Per application and member: 30 a minute and 1,000 an hour, past which WeCom drops messages without an error (90454). */
const MEMBER_LIMITS: readonly [count: number, perMs: number][] = [
  [30, 60_000],
  [1000, 3_600_000],
]

export interface TokenSlot {
  secret: string
  cache: ReturnType<typeof tokenCache>
}

/** One WeCom message body for a user: a card when the text carries a personal link and fits one, else text or markdown. */
export function wecomBodies(agentId: string, userId: string, m: OutboundMessage): Record<string, unknown>[] {
  const base = { touser: userId, agentid: Number(agentId) || agentId }
  const card = asCard(m.text)
  // a card's description is cut by the platform past 512 bytes: a longer text (a notice with its quiz) goes as text
  if (card?.body && byteLength(card.body) <= CARD_DESCRIPTION_MAX)
    return [{ ...base, msgtype: 'textcard', textcard: { title: card.title, description: card.body, url: card.url, btntxt: card.button } }]
  if (m.markdown && byteLength(m.markdown) <= TEXT_MAX) return [{ ...base, msgtype: 'markdown', markdown: { content: m.markdown } }]
  return splitToFit(m.text, TEXT_MAX).map((content) => ({ ...base, msgtype: 'text', text: { content: cutToBytes(content, TEXT_MAX) } }))
}

/** A WeCom application's send side for one account (chat_apps, platform 'wecom'): private messages to its users. */
export function createWecomChannel(account: string, o: AppChannelOptions): Channel {
  const base = (o.baseUrl ?? WECOM_API).replace(/\/$/, '')
  const tokens = o.tokens ?? new Map<string, TokenSlot>()

  function cacheFor(app: ChatApp) {
    let slot = tokens.get(account)
    if (slot?.secret !== app.secret) {
      const url = `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(app.corpId ?? '')}&corpsecret=${encodeURIComponent(app.secret)}`
      slot = {
        secret: app.secret,
        cache: tokenCache(o.clock, async () => {
          const j = await requestJson(o, url, { method: 'GET' }, 'wecom gettoken')
          if (j.errcode !== 0 || typeof j.access_token !== 'string')
            // a wrong corpid or secret: the rows wait (without spending tries) until the application is set right
            throw new ChannelUnavailableError(`wecom gettoken refused: ${String(j.errcode)} ${String(j.errmsg ?? '')}`, 300_000)
          return { token: j.access_token, expiresInS: Number(j.expires_in) || 7200 }
        }),
      }
      tokens.set(account, slot)
    }
    return slot.cache
  }

  async function post(app: ChatApp, body: Record<string, unknown>): Promise<void> {
    const cache = cacheFor(app)
    for (let attempt = 0; ; attempt++) {
      const token = await cache.get()
      const j = await requestJson(
        o,
        `${base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', body },
        'wecom message/send',
      )
      const code = Number(j.errcode)
      if (code === 0) {
        if (typeof j.invaliduser === 'string' && j.invaliduser !== '')
          throw new PermanentDeliveryError('wecom: the user is not reachable by the application')
        return
      }
      if (EXPIRED_TOKEN.has(code) && attempt === 0) {
        cache.invalidate(token)
        o.logger.info({ account, errcode: code }, 'wecom access token expired; fetching a new one')
        continue
      }
      const what = `wecom ${code} ${String(j.errmsg ?? '').slice(0, 100)}`
      if (THROTTLED.has(code)) throw new ThrottledError(what, o.throttleMs ?? 60_000)
      if (PERMANENT.has(code)) throw new PermanentDeliveryError(what)
      throw new Error(what)
    }
  }

  const memberSends = o.memberSends ?? new Map<string, number[]>()
  /** Throttled (to be waited out) rather than dropped by the platform: a member's sends kept under its limits. */
  function checkMember(userId: string): void {
    const key = `${account}:${userId}`
    const now = o.clock.now().getTime()
    const times = (memberSends.get(key) ?? []).filter((t) => t > now - 3_600_000)
    memberSends.set(key, times)
    for (const [count, perMs] of MEMBER_LIMITS) {
      const recent = times.filter((t) => t > now - perMs)
      if (recent.length >= count)
        throw new ThrottledError(`wecom: ${count} messages to one member within ${perMs / 60_000} min`, recent[0]! + perMs - now + 1, {
          recipientOnly: true,
        })
    }
  }
  const sentTo = (userId: string) => memberSends.get(`${account}:${userId}`)?.push(o.clock.now().getTime())

  async function userIdOf(to: Recipient): Promise<string> {
    if (to.kind === 'contact') return to.contactId
    if (to.kind !== 'official') throw new PermanentDeliveryError(`a WeCom application cannot reach a ${to.kind}`)
    const binding = await findBindingByOfficial(o.db, to.officialId)
    if (binding?.channel !== APP_CHANNEL.wecom) throw new PermanentDeliveryError(`official ${to.officialId} is not bound on WeCom`)
    return binding.contactId
  }

  async function deliver(to: Recipient, message: OutboundMessage): Promise<void> {
    const app = await findApp(o.db, 'wecom', account)
    if (!app?.enabled) throw new ChannelUnavailableError(`the WeCom application ${account} is not configured or is disabled`, 300_000)
    const userId = await userIdOf(to)
    const bodies = wecomBodies(app.agentId, userId, message)
    for (const [i, body] of bodies.entries()) {
      if (i > 0) await o.pacer.take()
      checkMember(userId)
      await post(app, body)
      sentTo(userId)
    }
  }

  return { name: APP_CHANNEL.wecom, send: pacedWithRetry(o, deliver) }
}

/**
 * Sends in the application's pacer. The outbox's sends (bulk) leave a throttling answer to the sender, which holds the
 * account (or, for one member's limit, that row only) and sends the row again; a reply (interactive) holds the pacer as
 * told and is tried once more, so the person who wrote gets their answer late rather than not at all — unless the
 * limit is that person's own (over 30 replies a minute): holding the application would make everyone wait for them.
 */
export function pacedWithRetry(
  o: Pick<AppChannelOptions, 'pacer' | 'lane'>,
  deliver: (to: Recipient, message: OutboundMessage) => Promise<void>,
): Channel['send'] {
  const lane = o.lane ?? 'interactive'
  return async (to, message) => {
    try {
      return await o.pacer.schedule(() => deliver(to, message), lane)
    } catch (err) {
      if (lane === 'bulk' || !(err instanceof ThrottledError) || err.recipientOnly) throw err
      o.pacer.holdFor(err.retryAfterMs)
      return o.pacer.schedule(() => deliver(to, message), lane)
    }
  }
}
