import { describe, expect, it } from 'vitest'
import { byteLength, cutToBytes, splitToFit, TRUNCATION_NOTE } from '../../bots/robots/split.js'
import { readWecomAnswer } from '../../bots/robots/wecom.js'
import { readDingtalkAnswer, signedDingtalkUrl } from '../../bots/robots/dingtalk.js'
import { readFeishuAnswer } from '../../bots/robots/feishu.js'

describe('fitting messages into platform limits', () => {
  it('leaves a message that fits alone', () => {
    expect(splitToFit('学法', 2048)).toEqual(['学法'])
  })

  it('never cuts a character in half', () => {
    expect(cutToBytes('学法用法', 7)).toBe('学法') // 3 bytes each
    expect(byteLength(cutToBytes('a学b', 3))).toBe(1)
  })

  it.each([2048, 4096, 300])('splits on lines into parts of at most %i bytes, each numbered', (max) => {
    const text = Array.from({ length: 120 }, (_, i) => `第${i}行：中华人民共和国行政复议法`).join('\n')
    const parts = splitToFit(text, max, 100)
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(max)
    expect(parts.map((p) => p.replace(/^\(\d+\/\d+\)\n/, '')).join('\n')).toBe(text)
  })

  it('cuts a single overlong line, and truncates past the part limit with a note', () => {
    const parts = splitToFit('法'.repeat(5000), 2048, 3)
    expect(parts).toHaveLength(3)
    expect(parts[2]!.endsWith(TRUNCATION_NOTE)).toBe(true)
    for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(2048)
  })
})

describe('platform answers', () => {
  it.each([
    [readWecomAnswer({ errcode: 0, errmsg: 'ok' }), { ok: true }],
    [readWecomAnswer({ errcode: 45009, errmsg: 'api freq out of limit' }), { ok: false, throttledMs: 60_000 }],
    [readWecomAnswer({ errcode: 93000, errmsg: 'invalid webhook url' }), { ok: false, permanent: true }],
    [readDingtalkAnswer({ errcode: 130101, errmsg: 'send too fast' }), { ok: false, throttledMs: 600_000 }],
    [readDingtalkAnswer({ errcode: 310000, errmsg: 'sign not match' }), { ok: false, permanent: true }],
    [readDingtalkAnswer({ errcode: -1, errmsg: 'system busy' }), { ok: false, permanent: false }],
    [readFeishuAnswer({ code: 11232, msg: 'frequency limited' }), { ok: false, throttledMs: 60_000 }],
    [readFeishuAnswer({ code: 19021, msg: 'sign match fail' }), { ok: false, permanent: true }],
    [readFeishuAnswer({ StatusCode: 0, StatusMessage: 'success' }), { ok: true }],
  ])('%o', (answer, expected) => {
    expect(answer).toMatchObject(expected)
  })

  it('signs the DingTalk URL with the timestamp in ms, keeping the access token', () => {
    const url = new URL(signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=T', 'SECx', new Date(1_700_000_000_123)))
    expect(url.searchParams.get('access_token')).toBe('T')
    expect(url.searchParams.get('timestamp')).toBe('1700000000123')
    expect(url.searchParams.get('sign')).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(signedDingtalkUrl('https://x/robot/send?access_token=T', null, new Date())).toBe('https://x/robot/send?access_token=T')
  })
})
