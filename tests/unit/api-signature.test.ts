import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signStandardWebhook, signWebhook, verifyStandardWebhook, verifyWebhookSignature } from '../../src/http/api/webhook-signature.js'

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

describe('verifyStandardWebhook (Standard Webhooks)', () => {
  // the test vector published with the Standard Webhooks reference libraries
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: '1614265330',
    body: new TextEncoder().encode('{"test": 2432232314}'),
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  }
  const at = new Date(Number(vector.timestamp) * 1000)

  it('reproduces the published test vector, and verifies it', () => {
    expect(signStandardWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature)
    expect(verifyStandardWebhook(vector.secret, vector, vector.body, at)).toEqual({ ok: true })
  })

  it('takes any one matching v1 signature of several (key rotation), skipping other versions', () => {
    const old = signStandardWebhook('whsec_b2xkLWtleS0wMTIzNDU2Nzg5', vector.id, vector.timestamp, vector.body)
    for (const signature of [`${old} ${vector.signature}`, `${vector.signature} ${old}`, `v1a,AAAA ${vector.signature}`]) {
      expect(verifyStandardWebhook(vector.secret, { ...vector, signature }, vector.body, at).ok, signature).toBe(true)
    }
    expect(verifyStandardWebhook(vector.secret, { ...vector, signature: old }, vector.body, at)).toEqual({
      ok: false,
      reason: 'bad signature',
    })
  })

  it.each([
    ['another id (the id is signed)', { id: 'msg_fresh' }],
    ['another timestamp', { timestamp: '1614265331' }],
    ['a missing id', { id: undefined }],
    ['a timestamp 301 s away', { timestamp: '1614265029' }],
    ['no v1 signature', { signature: 'v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }],
    ['a truncated signature', { signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE' }],
    ['a missing signature', { signature: undefined }],
  ])('refuses %s', (_name, change) => {
    expect(verifyStandardWebhook(vector.secret, { ...vector, ...change }, vector.body, at).ok).toBe(false)
  })

  it('keys a secret without whsec_ by its UTF-8 bytes, and signs the raw bytes (invalid UTF-8 too)', () => {
    const raw = new Uint8Array([0x7b, 0xff, 0x7d])
    const expected = createHmac('sha256', secret).update('e1.1.').update(raw).digest('base64')
    expect(signStandardWebhook(secret, 'e1', 1, raw)).toBe(`v1,${expected}`)
    expect(
      verifyStandardWebhook(
        secret,
        { id: 'e1', timestamp: '1', signature: `v1,${expected}` },
        new Uint8Array([0x7b, 0xef, 0xbf, 0xbd, 0x7d]),
        new Date(1000),
      ).ok,
    ).toBe(false)
  })
})
