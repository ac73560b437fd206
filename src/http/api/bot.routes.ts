/**
 * Organizer-only: the chat bot's login state, and the login QR while it waits for a scan. The top level is the
 * first account's (the one-account shape); `accounts` lists every account this process runs.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BOT_STATES } from '../../delivery/bot-state.js'
import { AppError } from '../../errors.js'
import { mayScan, requireRole } from '../common/auth.js'
import type { BotStatus } from '../../delivery/bot-state.js'
import type { BotStatusesSource } from '../common/types.js'
import { createRouter } from './router.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, json } from './schemas.js'

const tags = ['bot']
const organizers = requireRole('admin', 'organizer')

const AccountStatusSchema = z
  .object({
    account: z.string().openapi({ description: 'the bot account (XUEFA_BOT_ACCOUNTS)' }),
    name: z.string(),
    state: z.enum(BOT_STATES),
    qr: z.string().nullable(),
    qrUrl: z.string().nullable().openapi({ description: "this account's login QR as SVG, while it waits for a scan" }),
    since: z.string(),
    lastEventAt: z.string().nullable(),
    reconnectAttempts: z.number().int(),
  })
  .openapi('BotAccountStatus')

const BotStatusSchema = z
  .object({
    enabled: z.boolean().openapi({ description: 'false when the server runs without a bot' }),
    name: z.string().optional(),
    state: z
      .enum(['off', ...BOT_STATES])
      .openapi({ description: 'off when the server runs without a bot, else the state the bot reports' }),
    qr: z.string().nullable(),
    qrUrl: z.string().nullable().optional().openapi({ description: 'the login QR as SVG, while it waits for a scan' }),
    since: z.string().optional(),
    lastEventAt: z.string().nullable().optional(),
    reconnectAttempts: z.number().int().optional(),
    accounts: z
      .array(AccountStatusSchema)
      .optional()
      .openapi({ description: 'every bot account this server runs, in the configured order (empty without a bot)' }),
  })
  .openapi('BotStatus')

const statusDef = createRoute({
  method: 'get',
  path: '/bot/status',
  tags,
  security: bearerSecurity,
  summary: "The WeChat bot's login state",
  middleware: [organizers] as const,
  responses: { 200: json(BotStatusSchema, 'the state'), ...errorResponses(...AUTH_ERRORS) },
})

const qrDef = createRoute({
  method: 'get',
  path: '/bot/qr.svg',
  tags,
  security: bearerSecurity,
  summary: 'The login QR code to scan with the bot account',
  middleware: [organizers] as const,
  request: {
    query: z.object({
      account: z.string().optional().openapi({ description: 'the bot account whose QR (default: the first)' }),
    }),
  },
  responses: {
    200: { description: 'the QR code', content: { 'image/svg+xml': { schema: z.string() } } },
    ...errorResponses(...AUTH_ERRORS, 404),
  },
})

function accountStatus(s: BotStatus) {
  const account = s.account ?? 'default'
  const { qrSvg: _svg, ...rest } = s
  return { ...rest, account, qrUrl: s.qr ? `/api/v1/bot/qr.svg?account=${encodeURIComponent(account)}` : null }
}

const withoutQr = (s: BotStatus): BotStatus => ({ ...s, qr: null, qrSvg: null })

export function botRoutes(botStatuses: BotStatusesSource) {
  const app = createRouter()

  app.openapi(statusDef, (c) => {
    // scanning the login QR logs a WeChat account into the bot: only a token for the whole county sees it
    const all = mayScan(c.get('auth')) ? botStatuses() : botStatuses().map(withoutQr)
    const s = all[0]
    if (!s) return c.json({ enabled: false, state: 'off', qr: null, accounts: [] }, 200)
    const { qrSvg: _svg, account: _account, ...rest } = s
    return c.json({ enabled: true, ...rest, qrUrl: s.qr ? '/api/v1/bot/qr.svg' : null, accounts: all.map(accountStatus) }, 200)
  })

  app.openapi(qrDef, (c) => {
    if (!mayScan(c.get('auth'))) throw new AppError('FORBIDDEN', 'the login QR is shown only to tokens for the whole county')
    const { account } = c.req.valid('query')
    const all = botStatuses()
    const s = account === undefined ? all[0] : all.find((b) => (b.account ?? 'default') === account)
    if (!s?.qrSvg) throw new AppError('NOT_FOUND', 'the bot is not waiting for a login scan')
    c.header('Cache-Control', 'no-store')
    return c.body(s.qrSvg, 200, { 'Content-Type': 'image/svg+xml' })
  })

  return app
}
