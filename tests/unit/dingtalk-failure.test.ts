/**
 * What a DingTalk refusal means for the row (bots/apps/dingtalk.ts): the flow-control answers of
 * https://help.dingtalk.io/open/development/call-frequency-limit are waited out, the month's quota waits without
 * spending tries, a bad user id fails at once, anything else is retried.
 */
import { describe, expect, it } from 'vitest'
import { dingtalkFailure } from '../../bots/apps/dingtalk.js'
import { ChannelUnavailableError, PermanentDeliveryError, ThrottledError } from '../../src/delivery/errors.js'

const refusal = (j: Record<string, unknown>) => dingtalkFailure('dingtalk asyncsend_v2', j, 60_000)

describe('a DingTalk refusal', () => {
  it('waits out the flow-control codes for the hold given, a robot’s 20 a minute for its 10 minutes', () => {
    for (const errcode of [90002, 90006, 90018]) {
      const err = refusal({ errcode, errmsg: '请求频率过高' })
      expect(err).toBeInstanceOf(ThrottledError)
      expect((err as ThrottledError).retryAfterMs).toBe(60_000)
      expect((err as ThrottledError).recipientOnly).toBe(false)
    }
    expect((refusal({ errcode: 130101, errmsg: 'send too fast' }) as ThrottledError).retryAfterMs).toBe(600_000)
  })

  it('reads the address-wide ban, answered without an errcode, as 5 minutes', () => {
    const err = refusal({ status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: 'x' })
    expect(err).toBeInstanceOf(ThrottledError)
    expect((err as ThrottledError).retryAfterMs).toBe(300_000)
  })

  it("waits an hour without spending tries when the month's calls are used up; fails a bad user id; retries the rest", () => {
    const quota = refusal({ errcode: 90020, errmsg: '您的企业本月api调用量已超过限制' })
    expect(quota).toBeInstanceOf(ChannelUnavailableError)
    expect((quota as ChannelUnavailableError).retryAfterMs).toBe(3_600_000)
    expect(refusal({ errcode: 33012, errmsg: '无效的USERID' })).toBeInstanceOf(PermanentDeliveryError)
    expect(refusal({ errcode: 88, sub_code: '60011', sub_msg: '没有调用该接口的权限' })).toBeInstanceOf(PermanentDeliveryError)
    for (const errcode of [-1, 90010]) {
      const err = refusal({ errcode, errmsg: '系统繁忙' })
      expect(err).not.toBeInstanceOf(ThrottledError)
      expect(err).not.toBeInstanceOf(PermanentDeliveryError)
      expect(err).not.toBeInstanceOf(ChannelUnavailableError)
    }
  })
})
