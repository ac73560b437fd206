/**
 * Signed webhooks (CONTRACT §3). Two schemes:
 *
 * - Standard Webhooks (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 *   `webhook-id`, `webhook-timestamp` (unix seconds), `webhook-signature: v1,<base64>` — several, space-separated,
 *   while a sender rotates its key — each the HMAC-SHA256 of `id.timestamp.body` over the raw body bytes. A secret
 *   `whsec_<base64>` is the base64 of the key, as the spec has it; any other secret is its own UTF-8 bytes.
 * - The earlier headers: `X-Xuefa-Timestamp`, `X-Xuefa-Signature: sha256=<hex HMAC-SHA256(secret, timestamp.body)>`,
 *   keyed by the secret as written. They do not sign the event id, so the caller treats a signature seen before
 *   within the window as a replay (`replayKey`).
 *
 * Written with node:crypto rather than the `standardwebhooks` npm package: that one reads Date.now() (no clock to
 * test the ±300 s window with), turns a Buffer body into a string before signing (invalid UTF-8 becomes U+FFFD, so
 * the bytes verified would not be the bytes received) and brings a pure-JS SHA-256. The spec's published test vector
 * is in tests/unit/webhook-signature.test.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const WEBHOOK_TOLERANCE_SECONDS = 300

export type SignatureCheck = { ok: true; replayKey?: string } | { ok: false; reason: string }

const TIMESTAMP = /^\d{1,12}$/
const LEGACY_SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/
const WHSEC = 'whsec_'

/** The HMAC key of the Standard Webhooks scheme for this secret. */
function standardKey(secret: string): Buffer {
  return secret.startsWith(WHSEC) ? Buffer.from(secret.slice(WHSEC.length), 'base64') : Buffer.from(secret, 'utf8')
}

const utf8 = (body: Uint8Array | string) => (typeof body === 'string' ? new TextEncoder().encode(body) : body)

function timestampProblem(timestamp: string | undefined, header: string, now: Date, tolerance: number): string | null {
  if (!timestamp || !TIMESTAMP.test(timestamp)) return `missing or malformed ${header}`
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > tolerance) {
    return `${header} is more than ${tolerance} s away from the server time`
  }
  return null
}

function standardMac(secret: string, id: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.`, 'utf8').update(body).digest()
}

/** One `v1,<base64>` signature, as a sender computes it: what the OA side sends in `webhook-signature`. */
export function signStandardWebhook(secret: string, id: string, timestamp: string | number, body: Uint8Array | string): string {
  return `v1,${standardMac(secret, id, String(timestamp), utf8(body)).toString('base64')}`
}

/**
 * Standard Webhooks: the timestamp within ±tolerance of `now`, and one of the space-separated `v1,` signatures the
 * HMAC of `id.timestamp.body` (other versions are skipped, as the spec asks). Compared in constant time.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: Uint8Array,
  now: Date,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): SignatureCheck {
  const { id, timestamp, signature } = headers
  if (!id) return { ok: false, reason: 'missing webhook-id' }
  const late = timestampProblem(timestamp, 'webhook-timestamp', now, toleranceSeconds)
  if (late) return { ok: false, reason: late }
  const expected = standardMac(secret, id, timestamp!, body)
  let versioned = 0
  for (const one of (signature ?? '').split(' ')) {
    const comma = one.indexOf(',')
    if (comma < 0 || one.slice(0, comma) !== 'v1') continue
    versioned += 1
    const given = Buffer.from(one.slice(comma + 1), 'base64')
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true }
  }
  return { ok: false, reason: versioned === 0 ? 'missing or malformed webhook-signature (expected v1,<base64>)' : 'bad signature' }
}

function legacyMac(secret: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest()
}

/** The X-Xuefa-Signature value for a body sent at `timestamp` (unix seconds): what an earlier OA sender computes. */
export function signWebhook(secret: string, timestamp: string | number, body: Uint8Array | string): string {
  return `sha256=${legacyMac(secret, String(timestamp), utf8(body)).toString('hex')}`
}

/**
 * The earlier headers: HMAC-SHA256(secret, timestamp + "." + raw body), the timestamp within ±300 s of `now`, compared
 * in constant time. `replayKey` (the MAC, whatever the case of the hex sent) names the delivery for replay detection.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: Uint8Array,
  now: Date,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): SignatureCheck {
  const { timestamp, signature } = headers
  const late = timestampProblem(timestamp, 'X-Xuefa-Timestamp', now, toleranceSeconds)
  if (late) return { ok: false, reason: late }
  const given = signature ? LEGACY_SIGNATURE.exec(signature)?.[1] : undefined
  if (!given) return { ok: false, reason: 'missing or malformed X-Xuefa-Signature (expected sha256=<64 hex>)' }
  const expected = legacyMac(secret, timestamp!, body)
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, reason: 'bad signature' }
  return { ok: true, replayKey: expected.toString('hex') }
}
