/**
 * Personal links (CONTRACT §8), pure: a token names one official, what it opens (a session's material and
 * quiz, or an exam) and when it expires, and is signed with the deployment's key (HMAC-SHA-256, 128 bits kept).
 * Nothing is stored per link, so a fan-out to a thousand people writes nothing; revocation is per person
 * (links issued before a moment), in links.repo.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type LinkPurpose = 'session' | 'exam'

export interface LinkClaims {
  officialId: string
  purpose: LinkPurpose
  /** the session id, or the exam id as text */
  ref: string
  /** unix seconds */
  issuedAt: number
  expiresAt: number
}

const PURPOSE_CODE: Record<LinkPurpose, string> = { session: 's', exam: 'e' }
const CODE_PURPOSE: Record<string, LinkPurpose> = { s: 'session', e: 'exam' }
const SIG_BYTES = 16
const MAX_TOKEN = 600

function sign(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`xuefa-link.v1.${payload}`, 'utf8').digest().subarray(0, SIG_BYTES)
}

/** `payload.signature`, both base64url: the payload is the JSON array [official, purpose, ref, issued, expires]. */
export function signLink(key: string, c: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify([c.officialId, PURPOSE_CODE[c.purpose], c.ref, c.issuedAt.toString(36), c.expiresAt.toString(36)]),
    'utf8',
  ).toString('base64url')
  return `${payload}.${sign(key, payload).toString('base64url')}`
}

/** The claims of a token whose signature is good (expiry and revocation are the caller's), else null. */
export function readLink(key: string, token: string): LinkClaims | null {
  if (token.length > MAX_TOKEN) return null
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/.exec(token)
  if (!m) return null
  // compared as text: the last base64url character of 16 bytes carries 4 padding bits, so decoding would let
  // several spellings of one signature through
  const want = Buffer.from(sign(key, m[1]!).toString('base64url'), 'latin1')
  const given = Buffer.from(m[2]!, 'latin1')
  if (given.length !== want.length || !timingSafeEqual(given, want)) return null
  let parts: unknown
  try {
    parts = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(parts) || parts.length !== 5 || !parts.every((p) => typeof p === 'string')) return null
  const [officialId, code, ref, issued, expires] = parts as string[]
  const purpose = CODE_PURPOSE[code!]
  const issuedAt = Number.parseInt(issued!, 36)
  const expiresAt = Number.parseInt(expires!, 36)
  if (!purpose || !officialId || !ref || !Number.isSafeInteger(issuedAt) || !Number.isSafeInteger(expiresAt)) return null
  return { officialId, purpose, ref, issuedAt, expiresAt }
}
