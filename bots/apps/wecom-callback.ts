/**
 * WeCom self-built application, the receive side (「接收消息与事件」, https://developer.work.weixin.qq.com/document/path/90238,
 * and the encryption of https://developer.work.weixin.qq.com/document/path/91144):
 * - GET ?msg_signature&timestamp&nonce&echostr: the URL check — the signature over the encrypted echostr, which is
 *   decrypted and answered as plain text;
 * - POST ?msg_signature&timestamp&nonce with <xml><ToUserName/><AgentID/><Encrypt/></xml>: the signature over <Encrypt>,
 *   then the plaintext XML (FromUserName, CreateTime, MsgType, Content, MsgId, AgentID). Text messages become the chat's
 *   IncomingMessage with id `wecom-app:<account>:<MsgId>` (the chat acts upon an id once: processed_messages); the
 *   answer is an empty 200 (no passive reply: the chat replies through message/send). WeCom retries an answer that
 *   takes over 5 s, so the answer is given by then whatever the chat is still doing.
 */
import type { Clock } from '../../src/clock.js'
import type { Logger } from '../../src/log.js'
import type { Executor } from '../../src/storage/db.js'
import type { CallbackRequest, CallbackResponse, IncomingMessage } from '../../src/delivery/channel.js'
import { APP_CHANNEL, findApp } from '../../src/delivery/apps.repo.js'
import { wecomOpen, xmlField } from './wecom-crypto.js'

export interface AppCallbackOptions {
  db: Executor
  clock: Clock
  logger: Logger
  /** hands a message to the chat; resolves once it is handled */
  onMessage(message: IncomingMessage): Promise<void>
  /** the longest the platform is kept waiting for the answer while the chat works (default 4 s) */
  answerWithinMs?: number
}

const text = (status: number, body = ''): CallbackResponse => ({ status, body, contentType: 'text/plain; charset=utf-8' })

/** Handles the message, but answers the platform by `ms` at the latest; messages already in hand are not started twice. */
export function handleWithin(o: Pick<AppCallbackOptions, 'logger' | 'onMessage' | 'answerWithinMs'>) {
  const inFlight = new Set<string>()
  return async (message: IncomingMessage): Promise<void> => {
    if (inFlight.has(message.id)) return
    inFlight.add(message.id)
    const work = o
      .onMessage(message)
      .catch((err: unknown) => o.logger.error({ err, messageId: message.id }, 'app message handling failed'))
      .finally(() => inFlight.delete(message.id))
    let timer: NodeJS.Timeout | undefined
    await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, o.answerWithinMs ?? 4000)))])
    clearTimeout(timer)
  }
}

export function createWecomCallback(o: AppCallbackOptions) {
  const handle = handleWithin(o)
  return async (account: string, req: CallbackRequest): Promise<CallbackResponse> => {
    const app = await findApp(o.db, 'wecom', account)
    if (!app?.enabled || !app.token || !app.aesKey || !app.corpId) return text(404, 'not found')
    const keys = { token: app.token, aesKey: app.aesKey, receiveId: app.corpId }
    const q = { signature: req.query.msg_signature ?? '', timestamp: req.query.timestamp ?? '', nonce: req.query.nonce ?? '' }
    const encrypted = req.method === 'GET' ? (req.query.echostr ?? '') : (xmlField(req.body, 'Encrypt') ?? '')
    const opened = wecomOpen(keys, q, encrypted)
    if (!opened.ok) {
      o.logger.warn({ account, reason: opened.reason }, 'wecom callback refused')
      return text(403, 'refused')
    }
    if (req.method === 'GET') return text(200, opened.message)
    const xml = opened.message
    const msgId = xmlField(xml, 'MsgId')
    const from = xmlField(xml, 'FromUserName')
    if (xmlField(xml, 'MsgType') !== 'text' || !msgId || !from) return text(200) // events, pictures, voice: not read
    const createdS = Number(xmlField(xml, 'CreateTime'))
    await handle({
      id: `${APP_CHANNEL.wecom}:${account}:${msgId}`,
      channel: APP_CHANNEL.wecom,
      account,
      contactId: from,
      contactAlias: null,
      displayName: from,
      roomId: null,
      mentioned: false,
      text: xmlField(xml, 'Content') ?? '',
      sentAt: Number.isFinite(createdS) && createdS > 0 ? new Date(createdS * 1000) : o.clock.now(),
      fromSelf: false,
      fromBot: false,
    })
    return text(200)
  }
}
