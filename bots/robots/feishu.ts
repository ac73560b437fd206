/**
 * Feishu custom bot (飞书自定义机器人), signed: body fields `timestamp` (seconds) and `sign` =
 * base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = "")). Mentions as `<at user_id="…">name</at>` in
 * text, `<at id=…></at>` in card markdown. 5/s and 100/min; body ≤ 20 KB; over the rate, code 11232.
 */
import { createHmac } from 'node:crypto'
import type { RobotAnswer, RobotMessage, RobotRequest } from './robot.types.js'
import { splitToFit } from './split.js'

export const FEISHU_BODY_MAX = 20 * 1024
/** room left in the body for the JSON around the text */
const FEISHU_TEXT_MAX = FEISHU_BODY_MAX - 1024

export function feishuSign(timestampSec: number, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64')
}

const escapeAttr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)

export function buildFeishuRequests(url: string, secret: string | null, m: RobotMessage, now: Date): RobotRequest[] {
  const ts = Math.floor(now.getTime() / 1000)
  const auth = secret ? { timestamp: String(ts), sign: feishuSign(ts, secret) } : {}
  const withIds = m.mentions.filter((x) => x.userId)
  if (m.markdown) {
    const at = withIds.map((x) => `<at id=${escapeAttr(x.userId!)}></at>`).join(' ')
    const parts = splitToFit(at ? `${m.markdown}\n${at}` : m.markdown, FEISHU_TEXT_MAX)
    return parts.map((content) => ({ url, body: { ...auth, msg_type: 'interactive', card: { elements: [{ tag: 'markdown', content }] } } }))
  }
  const at = withIds.map((x) => `<at user_id="${escapeAttr(x.userId!)}">${x.name}</at>`).join(' ')
  const parts = splitToFit(at ? `${m.text}\n${at}` : m.text, FEISHU_TEXT_MAX)
  return parts.map((text) => ({ url, body: { ...auth, msg_type: 'text', content: { text } } }))
}

export function readFeishuAnswer(json: unknown): RobotAnswer {
  const j = (json ?? {}) as { code?: number; msg?: string; StatusCode?: number }
  const code = j.code ?? j.StatusCode
  if (code === 0) return { ok: true }
  if (code === 11232) return { ok: false, throttledMs: 60_000, message: `feishu 11232 ${j.msg ?? ''}` }
  // 19021 bad signature, 19022 ip not allowed, 19024 keyword missing, 9499 bad request
  const permanent = code === 19021 || code === 19022 || code === 19024 || code === 9499
  return { ok: false, permanent, message: `feishu ${code ?? '?'} ${j.msg ?? ''}` }
}
