import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signWebhook, verifyWebhookSignature } from '../../src/http/api/webhook-signature.js'

const secret = 'unit-test-secret-0123456789'
const now = new Date('2024-03-01T00:00:00Z')
const ts = String(now.getTime() / 1000)
const body = new TextEncoder().encode('{"meetings":[]}')

describe('verifyWebhookSignature', () => {
  it('signs HMAC-SHA256 over timestamp + "." + the raw bytes, as CONTRACT §3 says', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.{"meetings":[]}`).digest('hex')
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`)
  })

  it.each([
    ['a good signature', ts, signWebhook(secret, ts, body), true],
    ['upper-case hex', ts, `sha256=${signWebhook(secret, ts, body).slice(7).toUpperCase()}`, true],
    ['300 s old', String(Number(ts) - 300), signWebhook(secret, Number(ts) - 300, body), true],
    ['301 s old', String(Number(ts) - 301), signWebhook(secret, Number(ts) - 301, body), false],
    ['301 s ahead', String(Number(ts) + 301), signWebhook(secret, Number(ts) + 301, body), false],
    ['a signature of another timestamp', ts, signWebhook(secret, Number(ts) - 1, body), false],
    ['another secret', ts, signWebhook(`${secret}x`, ts, body), false],
    ['no sha256= prefix', ts, signWebhook(secret, ts, body).slice(7), false],
    ['a short signature', ts, signWebhook(secret, ts, body).slice(0, 40), false],
    ['a fractional timestamp', `${ts}.5`, signWebhook(secret, `${ts}.5`, body), false],
    ['a missing timestamp', undefined, signWebhook(secret, ts, body), false],
    ['a missing signature', ts, undefined, false],
  ])('%s → %s', (_name, timestamp, signature, ok) => {
    expect(verifyWebhookSignature(secret, { timestamp, signature }, body, now).ok).toBe(ok)
  })

  it('refuses the signature when any single byte of the body changes', () => {
    const signature = signWebhook(secret, ts, body)
    for (let i = 0; i < body.length; i++) {
      const changed = body.slice()
      changed[i] = changed[i]! ^ 1
      expect(verifyWebhookSignature(secret, { timestamp: ts, signature }, changed, now).ok).toBe(false)
    }
  })
})
