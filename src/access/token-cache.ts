import type { Clock } from '../clock.js'
import type { Executor } from '../storage/db.js'
import { findLiveToken, type ApiToken } from './tokens.repo.js'

export interface TokenCache {
  /** The live token with this hash, from memory when looked up less than the TTL ago. */
  findLive(ex: Executor, tokenHash: string): Promise<ApiToken | null>
  /** Drops a token at once (after a revocation in this process). */
  forget(tokenId: number): void
  /**
   * Until when (epoch ms) the token with this hash is taken as live without asking the database: the end of
   * its TTL here or its expiry, whichever is first; 0 when it is not held. What is served on the strength of
   * the token alone (the read cache) must not outlive this.
   */
  trustedUntil(tokenHash: string): number
}

/**
 * Keeps live tokens for a few seconds, keyed by their hash, so a busy client costs no query per request.
 * Expiry is checked on every hit against the clock; a revocation made in this process is applied at once,
 * one made elsewhere (the CLI, another process) takes effect within `ttlMs`. Failed lookups are not kept:
 * they are rate-limited instead. ttlMs = 0 turns the cache off.
 */
export function createTokenCache(options: { clock: Clock; ttlMs?: number; maxEntries?: number }): TokenCache {
  const { clock, ttlMs = 5_000, maxEntries = 1_000 } = options
  const entries = new Map<string, { token: ApiToken; fetchedAt: number }>()

  return {
    async findLive(ex, tokenHash) {
      const now = clock.now()
      const hit = entries.get(tokenHash)
      if (hit && now.getTime() - hit.fetchedAt < ttlMs) {
        if (hit.token.expiresAt === null || hit.token.expiresAt > now.toISOString()) return hit.token
        entries.delete(tokenHash)
        return null
      }
      const token = await findLiveToken(ex, tokenHash, now.toISOString())
      if (!token) {
        entries.delete(tokenHash)
        return null
      }
      if (ttlMs > 0) {
        if (entries.size >= maxEntries) entries.clear()
        entries.set(tokenHash, { token, fetchedAt: now.getTime() })
      }
      return token
    },
    trustedUntil(tokenHash) {
      const hit = entries.get(tokenHash)
      if (!hit) return 0
      const until = hit.fetchedAt + ttlMs
      return hit.token.expiresAt === null ? until : Math.min(until, Date.parse(hit.token.expiresAt))
    },
    forget(tokenId) {
      for (const [hash, e] of entries) if (e.token.id === tokenId) entries.delete(hash)
    },
  }
}
