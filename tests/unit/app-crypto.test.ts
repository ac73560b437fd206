/**
 * The applications' callback checks against the platforms' published examples: WeCom's sample of its encryption
 * scheme (https://developer.work.weixin.qq.com/document/path/91144, the Sample of its WXBizMsgCrypt libraries).
 */
import { describe, expect, it } from 'vitest'
import { dingtalkCheck } from '../../bots/apps/dingtalk-callback.js'
import { dingtalkSign } from '../../bots/robots/dingtalk.js'
import { wecomDecrypt, wecomEncrypt, wecomOpen, wecomSignature, xmlField } from '../../bots/apps/wecom-crypto.js'

const keys = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' }

describe('WeCom callback encryption, the published sample', () => {
  it('verifies the URL: signature over the echostr, decrypted to the published plaintext', () => {
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=='
    expect(wecomSignature(keys.token, '1409659589', '263014780', echostr)).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3')
    const opened = wecomOpen(
      keys,
      { signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780' },
      echostr,
    )
    expect(opened).toEqual({ ok: true, message: '1616140317555161061' })
  })

  it('decrypts the published POSTed message', () => {
    const encrypt =
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=='
    const xml = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`
    expect(xmlField(xml, 'Encrypt')).toBe(encrypt)
    const opened = wecomOpen(
      keys,
      { signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
      encrypt,
    )
    expect(opened.ok).toBe(true)
    const message = opened.ok ? opened.message : ''
    expect(xmlField(message, 'ToUserName')).toBe('wx5823bf96d3bd56c7')
    expect(xmlField(message, 'FromUserName')).toBe('mycreate')
    expect(xmlField(message, 'MsgType')).toBe('text')
    expect(xmlField(message, 'Content')).toBe('hello')
    expect(xmlField(message, 'MsgId')).toBe('4561255354251345929')
  })

  it('refuses a bad signature, another corp, and bytes that are not a sealed message', () => {
    const sealed = wecomEncrypt(keys.aesKey, '<xml><Content><![CDATA[签到]]></Content></xml>', keys.receiveId)
    const q = { timestamp: '1700000000', nonce: 'n1' }
    const good = { ...q, signature: wecomSignature(keys.token, q.timestamp, q.nonce, sealed) }
    expect(wecomOpen(keys, good, sealed)).toEqual({ ok: true, message: '<xml><Content><![CDATA[签到]]></Content></xml>' })
    expect(wecomOpen(keys, { ...good, signature: '0'.repeat(40) }, sealed)).toEqual({ ok: false, reason: 'signature' })
    expect(wecomOpen({ ...keys, token: 'other' }, good, sealed)).toEqual({ ok: false, reason: 'signature' })
    expect(wecomOpen({ ...keys, receiveId: 'ww-other' }, good, sealed)).toEqual({ ok: false, reason: 'receiver' })
    const junk = Buffer.alloc(48, 7).toString('base64')
    expect(wecomOpen(keys, { ...q, signature: wecomSignature(keys.token, q.timestamp, q.nonce, junk) }, junk)).toEqual({
      ok: false,
      reason: 'decrypt',
    })
    expect(wecomDecrypt(keys.aesKey, 'not base64 at all')).toBeNull()
  })
})

describe('DingTalk robot callback signature', () => {
  const secret = 'ding-app-secret'
  const at = new Date('2024-03-04T01:00:00.000Z')
  const ts = String(at.getTime())

  it('is base64 HMAC-SHA256 keyed with the AppSecret over timestamp + "\\n" + AppSecret', () => {
    const sign = dingtalkSign(ts, secret)
    expect(sign).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(dingtalkCheck(secret, ts, sign, at)).toBeNull()
    expect(dingtalkCheck(secret, ts, sign, new Date(at.getTime() + 59 * 60_000))).toBeNull()
  })

  it('refuses another secret, a changed timestamp, a timestamp over an hour away, and missing headers', () => {
    const sign = dingtalkSign(ts, secret)
    expect(dingtalkCheck('other', ts, sign, at)).toBe('signature')
    expect(dingtalkCheck(secret, String(at.getTime() + 1), sign, at)).toBe('signature')
    expect(dingtalkCheck(secret, ts, sign, new Date(at.getTime() + 61 * 60_000))).toBe('timestamp')
    expect(dingtalkCheck(secret, undefined, sign, at)).toBe('timestamp')
    expect(dingtalkCheck(secret, ts, undefined, at)).toBe('signature')
  })
})
