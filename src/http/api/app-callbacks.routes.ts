/**
 * The callback URLs of the platforms' own applications (issue 20), beside the meetings webhook: each checks the
 * platform's own signature (WeCom: msg_signature over the encrypted body; DingTalk: the `timestamp` + `sign` headers)
 * in bots/apps, reached through the AppCallbacks port the composition root wires. Mounted when a chat runs.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppCallbacks } from '../../delivery/channel.js'
import type { AppEnv } from '../common/types.js'
import type { FailureLimiter } from '../common/rate-limit.js'
import { createRouter } from './router.js'

const account = z
  .string()
  .regex(/^[a-z0-9]{1,32}$/)
  .openapi({ param: { name: 'account', in: 'path' }, example: 'main' })
const wecomQuery = z.object({
  msg_signature: z.string().openapi({ description: 'hex SHA-1 of the sorted token, timestamp, nonce and encrypted text' }),
  timestamp: z.string(),
  nonce: z.string(),
  echostr: z.string().optional().openapi({ description: 'GET only: the encrypted text to decrypt and answer' }),
})
const plain = (description: string) => ({ content: { 'text/plain': { schema: z.string() } }, description })

const routes = [
  createRoute({
    method: 'get',
    path: '/webhooks/wecom/{account}',
    tags: ['webhooks'],
    summary: "WeCom self-built application: the callback URL's check",
    description:
      'WeCom checks the URL: the signature over echostr is verified and echostr decrypted (AES-256-CBC with the EncodingAESKey) and answered. A bad signature is answered 403.',
    request: { params: z.object({ account }), query: wecomQuery },
    responses: { 200: plain('the decrypted echostr'), 403: plain('bad signature or key'), 404: plain('no such application') },
  }),
  createRoute({
    method: 'post',
    path: '/webhooks/wecom/{account}',
    tags: ['webhooks'],
    summary: 'WeCom self-built application: a message to the application',
    description:
      'Encrypted XML (<Encrypt>); a text message goes to the chat (the same commands as in WeChat), once per MsgId. The chat replies through message/send.',
    request: { params: z.object({ account }), query: wecomQuery, body: { content: { 'text/xml': { schema: z.string() } } } },
    responses: { 200: plain('received (empty)'), 403: plain('bad signature or key'), 404: plain('no such application') },
  }),
  createRoute({
    method: 'post',
    path: '/webhooks/dingtalk/{account}',
    tags: ['webhooks'],
    summary: "DingTalk enterprise-internal application: a message to the application's robot (HTTP callback mode)",
    description:
      'Headers `timestamp` (ms, within 1 h) and `sign` = base64(HMAC-SHA256(key = AppSecret, timestamp + "\\n" + AppSecret)). A text message goes to the chat once per msgId; the reply goes through its sessionWebhook.',
    request: {
      params: z.object({ account }),
      headers: z.object({ timestamp: z.string(), sign: z.string() }),
      body: { content: { 'application/json': { schema: z.object({ msgId: z.string(), senderStaffId: z.string() }).passthrough() } } },
    },
    responses: { 200: plain('received'), 403: plain('bad or old signature'), 404: plain('no such application') },
  }),
]

/**
 * A signature that keeps failing waits (429), as at the meetings webhook: the failing credential is limited, never a
 * valid one from the same address (common/rate-limit.ts).
 */
export function appCallbackRoutes(callbacks: AppCallbacks, limiter: FailureLimiter) {
  const app = createRouter()
  for (const r of routes) app.openAPIRegistry.registerPath(r)
  const serve = (platform: 'wecom' | 'dingtalk') => async (c: Context<AppEnv>) => {
    const address = c.get('clientIp') ?? 'unknown'
    const credential = (platform === 'wecom' ? c.req.query('msg_signature') : c.req.header('sign')) || undefined
    const tooMany = (wait: number) => c.text('too many failed signatures', 429, { 'retry-after': String(wait) })
    const held = credential ? limiter.credentialWait(credential) : 0
    if (held > 0) return tooMany(held)
    const name = c.req.param('account') ?? ''
    if (!/^[a-z0-9]{1,32}$/.test(name)) return c.text('not found', 404)
    const method = c.req.method === 'GET' ? 'GET' : 'POST'
    const answer = await callbacks.handle(platform, name, {
      method,
      query: c.req.query(),
      header: (n) => c.req.header(n),
      body: method === 'POST' ? await c.req.text() : '',
    })
    if (answer.status === 403) {
      const wait = limiter.recordFailure(address, credential)
      if (wait > 0) return tooMany(wait)
    }
    return c.body(answer.body, answer.status as 200, answer.contentType ? { 'content-type': answer.contentType } : {})
  }
  app.get('/webhooks/wecom/:account', serve('wecom'))
  app.post('/webhooks/wecom/:account', serve('wecom'))
  app.post('/webhooks/dingtalk/:account', serve('dingtalk'))
  return app
}
