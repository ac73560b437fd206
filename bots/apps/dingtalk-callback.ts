/**
 * DingTalk enterprise-internal application, the receive side: messages to the application's robot in HTTP callback
 * mode (「接收消息」, https://open.dingtalk.com/document/orgapp/receive-message). The headers `timestamp` (ms) and `sign`:
 * sign = base64(HmacSHA256(key = AppSecret, timestamp + "\n" + AppSecret)); a timestamp more than an hour from now,
 * or another sign, is refused. The JSON body names msgId, senderStaffId (the user id), senderNick, createAt,
 * conversationType ("1" private, "2" group), isInAtList, text.content, and the sessionWebhook (with
 * sessionWebhookExpiredTime) the reply is posted to.
 */
import { timingSafeEqual } from 'node:crypto'
import type { CallbackRequest, CallbackResponse } from '../../src/delivery/channel.js'
import { APP_CHANNEL, findApp } from '../../src/delivery/apps.repo.js'
import { dingtalkSign } from '../robots/dingtalk.js'
import { dingtalkSessionKey, type DingtalkSessions } from './dingtalk.js'
import { handleWithin, type AppCallbackOptions } from './wecom-callback.js'

const HOUR = 3600_000

/** The headers checked: null when they are right, else why not. */
export function dingtalkCheck(secret: string, timestamp: string | undefined, sign: string | undefined, now: Date): string | null {
  const ts = Number(timestamp)
  if (!timestamp || !Number.isFinite(ts) || Math.abs(now.getTime() - ts) > HOUR) return 'timestamp'
  // over the header as sent (the platform's own string), as the group robots' URLs are signed
  const want = Buffer.from(dingtalkSign(timestamp, secret))
  const got = Buffer.from(sign ?? '')
  return got.length === want.length && timingSafeEqual(got, want) ? null : 'signature'
}

const answer = (status: number, body: string): CallbackResponse => ({ status, body, contentType: 'application/json; charset=utf-8' })

interface RobotMessage {
  msgId?: unknown
  msgtype?: unknown
  text?: { content?: unknown }
  senderStaffId?: unknown
  senderNick?: unknown
  createAt?: unknown
  conversationType?: unknown
  conversationId?: unknown
  isInAtList?: unknown
  sessionWebhook?: unknown
  sessionWebhookExpiredTime?: unknown
}

export function createDingtalkCallback(o: AppCallbackOptions & { sessions: DingtalkSessions }) {
  const handle = handleWithin(o)
  return async (account: string, req: CallbackRequest): Promise<CallbackResponse> => {
    const app = await findApp(o.db, 'dingtalk', account)
    if (!app?.enabled) return answer(404, '{"error":"not found"}')
    const refused = dingtalkCheck(app.secret, req.header('timestamp'), req.header('sign'), o.clock.now())
    if (refused) {
      o.logger.warn({ account, reason: refused }, 'dingtalk callback refused')
      return answer(403, '{"error":"refused"}')
    }
    let m: RobotMessage
    try {
      m = JSON.parse(req.body) as RobotMessage
    } catch {
      return answer(400, '{"error":"not JSON"}')
    }
    const staffId = typeof m.senderStaffId === 'string' ? m.senderStaffId : ''
    const msgId = typeof m.msgId === 'string' ? m.msgId : ''
    if (m.msgtype !== 'text' || !staffId || !msgId) return answer(200, '{}')
    const group = m.conversationType === '2'
    if (!group && typeof m.sessionWebhook === 'string') {
      const expiresAt = Number(m.sessionWebhookExpiredTime)
      o.sessions.set(dingtalkSessionKey(account, staffId), {
        url: m.sessionWebhook,
        expiresAt: Number.isFinite(expiresAt) ? expiresAt : o.clock.now().getTime(),
      })
    }
    const createdMs = Number(m.createAt)
    await handle({
      id: `${APP_CHANNEL.dingtalk}:${account}:${msgId}`,
      channel: APP_CHANNEL.dingtalk,
      account,
      contactId: staffId,
      contactAlias: null,
      displayName: typeof m.senderNick === 'string' ? m.senderNick : staffId,
      // a group message is answered to the person in private (the robot's group replies are not kept here)
      roomId: null,
      mentioned: m.isInAtList === true,
      text: typeof m.text?.content === 'string' ? m.text.content : '',
      sentAt: Number.isFinite(createdMs) && createdMs > 0 ? new Date(createdMs) : o.clock.now(),
      fromSelf: false,
      fromBot: false,
    })
    return answer(200, '{}')
  }
}
