import type { Context } from 'hono'
import type { AppEnv } from './types.js'

/**
 * The address of the client: the socket's peer address from @hono/node-server. X-Forwarded-For is read only
 * when the deployment says a reverse proxy it runs sits in front (XUEFA_TRUST_PROXY=on), and then its last
 * entry — the one that proxy appended — because every earlier entry is whatever the client chose to send.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string | null {
  return addressOf(trustProxy ? c.req.header('x-forwarded-for') : undefined, c.env?.incoming?.socket?.remoteAddress)
}

/** The same from the raw parts: X-Forwarded-For (pass it only when the proxy is trusted) and the peer address. */
function addressOf(forwardedFor: string | undefined, remoteAddress: string | undefined): string | null {
  const last = forwardedFor?.split(',').pop()?.trim()
  if (last) return last.slice(0, 64)
  return remoteAddress ?? null
}
