/** What the WeCom and DingTalk applications share: JSON over HTTP with a timeout, and an access token kept for its lifetime. */
import type { Clock } from '../../src/clock.js'

export interface AppHttpOptions {
  fetch?: typeof fetch
  /** per request (default 10 s) */
  timeoutMs?: number
}

export async function requestJson(
  o: AppHttpOptions,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> },
  what: string,
): Promise<Record<string, unknown>> {
  let res: Response
  try {
    res = await (o.fetch ?? fetch)(url, {
      method: init.method,
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    })
  } catch (err) {
    throw new Error(`${what} unreachable: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  const json = (await res.json().catch(() => null)) as Record<string, unknown> | null
  if (json === null || typeof json !== 'object') throw new Error(`${what} answered HTTP ${res.status} without JSON`)
  return json
}

/**
 * An access token cached until shortly before it expires (the platforms give 7,200 s), fetched once however many
 * sends ask at the same time, and dropped when the platform says it is no longer valid.
 */
export function tokenCache(clock: Clock, fetchToken: () => Promise<{ token: string; expiresInS: number }>) {
  let held: { token: string; until: number } | null = null
  let pending: Promise<string> | null = null
  return {
    async get(): Promise<string> {
      if (held && held.until > clock.now().getTime()) return held.token
      pending ??= fetchToken()
        .then(({ token, expiresInS }) => {
          // five minutes' margin, as the platforms advise renewing before the end
          held = { token, until: clock.now().getTime() + Math.max(60, expiresInS - 300) * 1000 }
          return token
        })
        .finally(() => {
          pending = null
        })
      return pending
    },
    invalidate(token: string): void {
      if (held?.token === token) held = null
    },
  }
}

/** The personal link (CONTRACT §8, `${base}/m/${token}`) a message carries, to be shown as the card's button. */
export function personalLinkIn(text: string): string | null {
  return /https?:\/\/[^\s]+\/m\/[A-Za-z0-9._~-]+/.exec(text)?.[0] ?? null
}

/** A message with a personal link as a card: a short title, the text without the link's line, and the link. */
export function asCard(text: string): { title: string; body: string; url: string; button: string } | null {
  const url = personalLinkIn(text)
  if (!url) return null
  const lines = text.split('\n')
  const linkLine = lines.find((l) => l.includes(url)) ?? ''
  const body = lines
    .filter((l) => !l.includes(url))
    .join('\n')
    .trim()
  const title = /^【([^】]{1,20})】/.exec(body)?.[1] ?? [...(body.split('\n')[0] ?? '')].slice(0, 20).join('')
  return { title: title || '学法', body, url, button: linkLine.includes('作答') ? '去作答' : '去阅读' }
}
