/** Issuing, checking and revoking personal links (CONTRACT §8): signed, expiring, one person's, revocable, no login. */
import type { Db, Executor } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import { readLink, signLink, type LinkClaims, type LinkPurpose } from './links.rules.js'
import { findLinkRevocation, loadLinkSecret, revokeLinksStatement } from './links.repo.js'

export interface LinkIssuer {
  /** the token of one person's link (sign only: nothing is written) */
  token(officialId: string, purpose: LinkPurpose, ref: string, expiresAt: Date): string
  /** the full URL: `${baseUrl}/m/${token}` */
  url(officialId: string, purpose: LinkPurpose, ref: string, expiresAt: Date): string
  /** checkLink with the key already loaded: one query (the revocation) per check */
  check(token: string, now: Date): Promise<LinkCheck>
}

/** Loads the key once; then issuing a thousand links is a thousand HMACs and no query. */
export async function createLinkIssuer(ex: Executor, baseUrl: string, now: () => Date): Promise<LinkIssuer> {
  const key = await loadLinkSecret(ex)
  const token = (officialId: string, purpose: LinkPurpose, ref: string, expiresAt: Date) =>
    signLink(key, {
      officialId,
      purpose,
      ref,
      // whole seconds: a link issued in the same second as a revocation is revoked with it
      issuedAt: Math.floor(now().getTime() / 1000),
      expiresAt: Math.ceil(expiresAt.getTime() / 1000),
    })
  return { token, url: (...a) => `${baseUrl}/m/${token(...a)}`, check: (t, at) => checkWithKey(ex, key, t, at) }
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  /** signed by us, but past its time or revoked: the person is known, so a new link can be offered */
  | { ok: false; reason: 'expired' | 'revoked'; claims: LinkClaims }
  /** not a link of ours (or altered) */
  | { ok: false; reason: 'invalid' }

export async function checkLink(ex: Executor, token: string, now: Date): Promise<LinkCheck> {
  return checkWithKey(ex, await loadLinkSecret(ex), token, now)
}

async function checkWithKey(ex: Executor, key: string, token: string, now: Date): Promise<LinkCheck> {
  const claims = readLink(key, token)
  if (!claims) return { ok: false, reason: 'invalid' }
  const revokedBefore = await findLinkRevocation(ex, claims.officialId)
  if (revokedBefore !== null && claims.issuedAt * 1000 <= new Date(revokedBefore).getTime()) return { ok: false, reason: 'revoked', claims }
  if (claims.expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired', claims }
  return { ok: true, claims }
}

/** Refuses every link of this person issued up to now (a lost phone, a forwarded message). */
export async function revokeLinks(db: Db, officialId: string, now: Date, by: Actor): Promise<void> {
  const at = now.toISOString()
  await db.batch([
    revokeLinksStatement(officialId, at, by.actor),
    auditStatement({ ...by, action: 'links.revoke', entity: 'official', entityId: officialId }, at),
  ])
}
