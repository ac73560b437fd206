/**
 * WeCom callback encryption (企业微信「加解密方案说明」, https://developer.work.weixin.qq.com/document/path/91144):
 * - msg_signature = hex(SHA1(the four strings token, timestamp, nonce, msg_encrypt sorted and joined));
 * - AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes; AES-256-CBC, IV = AESKey[0..16], PKCS#7 padding to
 *   a multiple of 32 bytes;
 * - plaintext = 16 random bytes + msg_len (4 bytes, big-endian) + msg + receiveid (the corpid for a self-built
 *   application).
 * The published sample (token QDG6eK, corpid wx5823bf96d3bd56c7) is the test vector of tests/unit/wecom-crypto.test.ts.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const BLOCK = 32

export interface WecomCryptoKeys {
  token: string
  /** the 43-character EncodingAESKey */
  aesKey: string
  /** the corpid: what the plaintext must end with */
  receiveId: string
}

function keyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('the EncodingAESKey must be 43 characters (32 bytes)')
  return key
}

export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex')
}

/** The signature checked in constant time. */
export function wecomSignatureValid(keys: Pick<WecomCryptoKeys, 'token'>, q: WecomQuery, encrypted: string): boolean {
  const want = Buffer.from(wecomSignature(keys.token, q.timestamp, q.nonce, encrypted), 'utf8')
  const got = Buffer.from(q.signature.toLowerCase(), 'utf8')
  return got.length === want.length && timingSafeEqual(got, want)
}

export interface WecomQuery {
  signature: string
  timestamp: string
  nonce: string
}

/** The message and the receiveid it was sealed for; null when the bytes are not a well-formed plaintext. */
export function wecomDecrypt(encodingAesKey: string, encrypted: string): { message: string; receiveId: string } | null {
  const key = keyOf(encodingAesKey)
  let plain: Buffer
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
    decipher.setAutoPadding(false)
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()])
  } catch {
    return null
  }
  const pad = plain[plain.length - 1] ?? 0
  if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) return null
  const body = plain.subarray(0, plain.length - pad)
  const length = body.readUInt32BE(16)
  if (20 + length > body.length) return null
  return { message: body.subarray(20, 20 + length).toString('utf8'), receiveId: body.subarray(20 + length).toString('utf8') }
}

export function wecomEncrypt(encodingAesKey: string, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const key = keyOf(encodingAesKey)
  const msg = Buffer.from(message, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(msg.length)
  const body = Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')])
  const pad = BLOCK - (body.length % BLOCK)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64')
}

/** Signature first, then decryption, then the receiveid: the message, or why it is refused. */
export function wecomOpen(
  keys: WecomCryptoKeys,
  q: WecomQuery,
  encrypted: string,
): { ok: true; message: string } | { ok: false; reason: 'signature' | 'decrypt' | 'receiver' } {
  if (!wecomSignatureValid(keys, q, encrypted)) return { ok: false, reason: 'signature' }
  const opened = wecomDecrypt(keys.aesKey, encrypted)
  if (!opened) return { ok: false, reason: 'decrypt' }
  if (opened.receiveId !== keys.receiveId) return { ok: false, reason: 'receiver' }
  return { ok: true, message: opened.message }
}

/** The text of an element of the callback's flat XML (CDATA or plain), or null. */
export function xmlField(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${tag}>`).exec(xml)
  if (!m) return null
  return m[1] ?? unescapeXml(m[2] ?? '')
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '')
}
