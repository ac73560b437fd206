import { createHmac, timingSafeEqual } from 'node:crypto'

export const WEBHOOK_TOLERANCE_SECONDS = 300

export type SignatureCheck = { ok: true } | { ok: false; reason: string }

const TIMESTAMP = /^\d{1,12}$/
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/

function mac(secret: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest()
}

/** The X-Xuefa-Signature value for a body sent at `timestamp` (unix seconds): what the OA side computes. */
export function signWebhook(secret: string, timestamp: string | number, body: Uint8Array | string): string {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  return `sha256=${mac(secret, String(timestamp), bytes).toString('hex')}`
}

/**
 * CONTRACT §3: HMAC-SHA256(secret, timestamp + "." + raw body), the timestamp within ±300 s of `now`.
 * The comparison takes the same time wherever the first differing byte is.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: Uint8Array,
  now: Date,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): SignatureCheck {
  const { timestamp, signature } = headers
  if (!timestamp || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Xuefa-Timestamp' }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: `X-Xuefa-Timestamp is more than ${toleranceSeconds} s away from the server time` }
  }
  const given = signature ? SIGNATURE.exec(signature)?.[1] : undefined
  if (!given) return { ok: false, reason: 'missing or malformed X-Xuefa-Signature (expected sha256=<64 hex>)' }
  if (!timingSafeEqual(mac(secret, timestamp, body), Buffer.from(given, 'hex'))) return { ok: false, reason: 'bad signature' }
  return { ok: true }
}
