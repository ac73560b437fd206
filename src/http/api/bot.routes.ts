/**
 * Organizer-only: the chat bot's login state, and the login QR while it waits for a scan. The top level is the
 * first account's (the one-account shape); `accounts` lists every account this process runs, `apps` the WeCom / DingTalk
 * applications (chat_apps) as the dashboard's bot page shows them — never a secret.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { BOT_STATES } from '../../delivery/bot-state.js'
import { AppError } from '../../errors.js'
import { mayScan, requireRole } from '../common/auth.js'
import type { BotStatus } from '../../delivery/bot-state.js'
import type { AppState } from '../../delivery/apps.repo.js'
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

const AppStatusSchema = z
  .object({
    platform: z
      .enum(['wecom', 'dingtalk'])
      .openapi({ description: 'wecom: a WeCom self-built application; dingtalk: a DingTalk enterprise-internal one' }),
    name: z.string().openapi({ description: 'its name in xuefa (xuefa channel add --name)' }),
    enabled: z.boolean(),
    callbackPath: z.string().openapi({ example: '/webhooks/wecom/main' }),
    bound: z.number().int().openapi({ description: 'people bound on it: their notices, reminders and replies go through it' }),
    pending: z.number().int().openapi({ description: 'its sends waiting in the outbox' }),
    failed: z.number().int().openapi({ description: 'its sends that failed for good' }),
    lastError: z
      .string()
      .nullable()
      .openapi({ description: "the latest error of a send still waiting or failed (the platform's code and message)" }),
  })
  .openapi('ChatAppStatus')

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
    apps: z
      .array(AppStatusSchema)
      .optional()
      .openapi({ description: 'the WeCom / DingTalk applications (xuefa channel add), when there is one' }),
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

const appStatus = ({ account, ...a }: AppState) => ({ ...a, name: account, callbackPath: `/webhooks/${a.platform}/${account}` })

/** `appStates`: the applications' states (absent where no database is at hand, as in the routes' own tests). */
export function botRoutes(botStatuses: BotStatusesSource, appStates?: () => Promise<AppState[]>) {
  const app = createRouter()

  app.openapi(statusDef, async (c) => {
    const states = (await appStates?.()) ?? []
    const apps = states.length ? { apps: states.map(appStatus) } : {}
    // scanning the login QR logs a WeChat account into the bot: only a token for the whole county sees it
    const all = mayScan(c.get('auth')) ? botStatuses() : botStatuses().map(withoutQr)
    const s = all[0]
    if (!s) return c.json({ enabled: false, state: 'off' as const, qr: null, accounts: [], ...apps }, 200)
    const { qrSvg: _svg, account: _account, ...rest } = s
    return c.json({ enabled: true, ...rest, qrUrl: s.qr ? '/api/v1/bot/qr.svg' : null, accounts: all.map(accountStatus), ...apps }, 200)
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
