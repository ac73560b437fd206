import { Hono } from 'hono'
import { findLiveToken, hashToken } from '../../access/tokens.repo.js'
import { LOGIN } from './views/copy.zh.js'
import { LoginPage } from './views/login.js'
import { isLoginCsrfValid, loginCsrf, startUiSession } from './ui-session.js'
import { render } from './ui-context.js'
import { csrfRejected } from './error-page.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

/** Log-in with an API token; failures count against the token and the client address like the API's bearer check. */
export function authUiRoutes(deps: UiDeps, getSecret: () => Promise<string>): Hono<UiEnv> {
  const app = new Hono<UiEnv>()
  const clientOf = (c: UiContext) => c.get('clientIp') ?? c.env?.incoming?.socket?.remoteAddress ?? 'unknown'

  app.get('/login', async (c) => {
    const notice = c.req.query('out') === '1' ? LOGIN.loggedOut : null
    return render(c, <LoginPage csrf={await loginCsrf(c, await getSecret())} notice={notice} />)
  })

  app.post('/login', async (c) => {
    const key = await getSecret()
    const body = await c.req.parseBody()
    if (!(await isLoginCsrfValid(c, key, typeof body._csrf === 'string' ? body._csrf : ''))) return csrfRejected(c)
    const address = clientOf(c)
    const again = async (error: string, status: 401 | 429) => render(c, <LoginPage csrf={await loginCsrf(c, key)} error={error} />, status)
    const presented = typeof body.token === 'string' ? body.token.trim() : ''
    // a token that keeps failing waits; a valid one always logs in, whoever failed before it from this address
    const held = presented ? (deps.limiter?.credentialWait(presented) ?? 0) : 0
    if (held > 0) return again(LOGIN.throttled(held), 429)
    const now = deps.clock.now()
    const token = presented && presented.length <= 512 ? await findLiveToken(deps.db, hashToken(presented), now.toISOString()) : null
    if (!token) {
      const wait = deps.limiter?.recordFailure(address, presented || undefined) ?? 0
      deps.logger.warn({ ip: address, wait }, 'dashboard log-in failed')
      return wait > 0 ? again(LOGIN.throttled(wait), 429) : again(LOGIN.wrong, 401)
    }
    await startUiSession(c, key, token, now)
    deps.logger.info({ tokenId: token.id, ip: address }, 'dashboard log-in')
    return c.redirect('/ui/sessions', 303)
  })

  return app
}
