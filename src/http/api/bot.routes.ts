import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { requireRole } from '../middleware/auth.js'
import type { AppEnv, HttpDeps } from '../types.js'

/** What the chat bot reports about itself (bots/wechaty's status() has this shape). */
export interface BotStatusView {
  name: string
  state: string
  qr: string | null
  qrSvg: string | null
  since: string
  lastEventAt: string | null
  reconnectAttempts: number
}

/** null when the server runs without a bot (XUEFA_BOT=off, or no puppet). */
export type BotStatusSource = () => BotStatusView | null

/**
 * Organizer-only: the bot's login state, and the login QR while it waits for a scan.
 * Mounted under /api/v1 (behind bearer auth): GET /bot/status, GET /bot/qr.svg.
 */
export function botRoutes(_deps: HttpDeps, botStatus: BotStatusSource): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('/bot/*', requireRole('admin', 'organizer'))

  app.get('/bot/status', (c) => {
    const s = botStatus()
    if (!s) return c.json({ enabled: false, state: 'off', qr: null })
    const { qrSvg: _svg, ...rest } = s
    return c.json({ enabled: true, ...rest, qrUrl: s.qr ? '/api/v1/bot/qr.svg' : null })
  })

  app.get('/bot/qr.svg', (c) => {
    const s = botStatus()
    if (!s?.qrSvg) throw new AppError('NOT_FOUND', 'the bot is not waiting for a login scan')
    c.header('Cache-Control', 'no-store')
    return c.body(s.qrSvg, 200, { 'Content-Type': 'image/svg+xml' })
  })

  return app
}
