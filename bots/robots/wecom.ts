/**
 * WeCom group robot (企业微信群机器人): POST JSON to the webhook URL (`key` in it). Text ≤ 2048 bytes with
 * `mentioned_list` (user ids) / `mentioned_mobile_list`; markdown ≤ 4096 bytes, mentions as `<@userid>`.
 * 20 messages a minute per robot; over it the answer is errcode 45009.
 */
import type { RobotRequest, RobotAnswer, RobotMessage } from './robot.types.js'
import { splitToFit } from './split.js'

export const WECOM_TEXT_MAX = 2048
export const WECOM_MARKDOWN_MAX = 4096

export function buildWecomRequests(url: string, m: RobotMessage): RobotRequest[] {
  const userIds = m.mentions.flatMap((x) => (x.userId ? [x.userId] : []))
  const mobiles = m.mentions.flatMap((x) => (!x.userId && x.mobile ? [x.mobile] : []))
  // markdown cannot @ by mobile: with such mentions, or none in markdown, text it is
  if (m.markdown && mobiles.length === 0) {
    const at = userIds.map((u) => `<@${u}>`).join(' ')
    const parts = splitToFit(m.markdown + (at ? `\n${at}` : ''), WECOM_MARKDOWN_MAX)
    return parts.map((content) => ({ url, body: { msgtype: 'markdown', markdown: { content } } }))
  }
  const parts = splitToFit(m.text, WECOM_TEXT_MAX)
  return parts.map((content, i) => ({
    url,
    body: {
      msgtype: 'text',
      text: {
        content,
        ...(i === 0 && userIds.length ? { mentioned_list: userIds } : {}),
        ...(i === 0 && mobiles.length ? { mentioned_mobile_list: mobiles } : {}),
      },
    },
  }))
}

export function readWecomAnswer(json: unknown): RobotAnswer {
  const j = (json ?? {}) as { errcode?: number; errmsg?: string }
  if (j.errcode === 0) return { ok: true }
  if (j.errcode === 45009) return { ok: false, throttledMs: 60_000, message: `wecom 45009 ${j.errmsg ?? ''}` }
  // 93000 invalid webhook url, 93004 robot disabled, 40008 bad message type, 40058 bad field
  const permanent = j.errcode === 93000 || j.errcode === 93004 || j.errcode === 40008 || j.errcode === 40058 || j.errcode === 44004
  return { ok: false, permanent, message: `wecom ${j.errcode ?? '?'} ${j.errmsg ?? ''}` }
}
