/**
 * DingTalk custom robot (钉钉自定义机器人), signed: `timestamp` (ms, within an hour of DingTalk's clock) and
 * `sign` = urlencode(base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret))) on the URL.
 * Mentions: `at.atMobiles` / `at.atUserIds`, each also written as @… in the content. 20 messages a minute;
 * over it errcode 130101 and the robot is throttled for 10 minutes.
 */
import { createHmac } from 'node:crypto'
import type { RobotAnswer, RobotMessage, RobotRequest } from './robot.types.js'
import { splitToFit } from './split.js'

export const DINGTALK_MAX = 20_000
export const DINGTALK_THROTTLE_MS = 10 * 60_000

/** The same signature signs a robot's URL and a DingTalk application's callback (bots/apps/dingtalk-callback.ts). */
export function dingtalkSign(timestampMs: number | string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64')
}

export function signedDingtalkUrl(url: string, secret: string | null, now: Date): string {
  if (!secret) return url
  const ts = now.getTime()
  const u = new URL(url)
  u.searchParams.set('timestamp', String(ts))
  u.searchParams.set('sign', dingtalkSign(ts, secret))
  return u.toString()
}

export function buildDingtalkRequests(url: string, secret: string | null, m: RobotMessage, now: Date, title = '学法通知'): RobotRequest[] {
  const atMobiles = m.mentions.flatMap((x) => (x.mobile ? [x.mobile] : []))
  const atUserIds = m.mentions.flatMap((x) => (!x.mobile && x.userId ? [x.userId] : []))
  const atText = [...atMobiles, ...atUserIds].map((h) => `@${h}`).join(' ')
  const signed = signedDingtalkUrl(url, secret, now)
  const at = { atMobiles, atUserIds, isAtAll: false }
  const source = m.markdown ?? m.text
  const parts = splitToFit(atText ? `${source}\n${atText}` : source, DINGTALK_MAX)
  return parts.map((content) => ({
    url: signed,
    body: m.markdown ? { msgtype: 'markdown', markdown: { title, text: content }, at } : { msgtype: 'text', text: { content }, at },
  }))
}

export function readDingtalkAnswer(json: unknown): RobotAnswer {
  const j = (json ?? {}) as { errcode?: number; errmsg?: string }
  if (j.errcode === 0) return { ok: true }
  if (j.errcode === 130101) return { ok: false, throttledMs: DINGTALK_THROTTLE_MS, message: `dingtalk 130101 ${j.errmsg ?? ''}` }
  // 310000 sign / keyword / ip check failed, 300001 bad token, 400013 robot disabled
  const permanent = j.errcode === 310000 || j.errcode === 300001 || j.errcode === 400013 || j.errcode === 300005
  return { ok: false, permanent, message: `dingtalk ${j.errcode ?? '?'} ${j.errmsg ?? ''}` }
}
