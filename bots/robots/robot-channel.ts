/**
 * The group robots as one `Channel` for `{ kind: 'robot', robotId }`: configuration from `group_robots`,
 * @-mention handles from `official_handles` (both read through src/delivery/robots.repo.ts), the platform's request shape, size limit and answers.
 * Throttling answers become ThrottledError (the sender holds the robot's pacer for the wait); errors
 * retrying cannot fix become PermanentDeliveryError.
 */
import type { Clock } from '../../src/clock.js'
import type { Executor } from '../../src/storage/db.js'
import type { Channel, OutboundMessage, Recipient } from '../../src/delivery/channel.js'
import type { Pacer } from '../../src/delivery/pacer.js'
import { PermanentDeliveryError, ThrottledError } from '../../src/delivery/errors.js'
import { findRobotSendConfig, listMentionHandles, type RobotPlatform } from '../../src/delivery/robots.repo.js'
import type { RobotAnswer, RobotRequest } from './robot.types.js'
import { buildWecomRequests, readWecomAnswer } from './wecom.js'
import { buildDingtalkRequests, readDingtalkAnswer } from './dingtalk.js'
import { buildFeishuRequests, readFeishuAnswer } from './feishu.js'

export interface RobotChannelOptions {
  db: Executor
  clock: Clock
  fetch?: typeof fetch
  /** per request (default 10 s) */
  timeoutMs?: number
  /** replaces the origin (scheme, host, port) of stored webhook URLs, per platform: for tests and proxies */
  baseUrls?: Partial<Record<RobotPlatform, string>>
  /** the robot's pacer, to take a slot for each extra part of a split message */
  pacerFor?: (platform: RobotPlatform, robotId: number) => Pacer
}

function rebase(url: string, base: string | undefined): string {
  if (!base) return url
  const u = new URL(url)
  const b = new URL(base)
  return `${b.origin}${b.pathname.replace(/\/$/, '')}${u.pathname}${u.search}`
}

const readers: Record<RobotPlatform, (json: unknown) => RobotAnswer> = {
  wecom: readWecomAnswer,
  dingtalk: readDingtalkAnswer,
  feishu: readFeishuAnswer,
}

export function createRobotChannel(o: RobotChannelOptions): Channel {
  const doFetch = o.fetch ?? fetch
  const timeoutMs = o.timeoutMs ?? 10_000

  async function post(platform: RobotPlatform, req: RobotRequest): Promise<void> {
    let res: Response
    try {
      res = await doFetch(req.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      throw new Error(`${platform} robot unreachable: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after'))
      throw new ThrottledError(`${platform} HTTP 429`, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000)
    }
    if (res.status >= 500) throw new Error(`${platform} robot answered HTTP ${res.status}`)
    const json = (await res.json().catch(() => null)) as unknown
    if (res.status >= 400 && json === null) throw new PermanentDeliveryError(`${platform} robot answered HTTP ${res.status}`)
    const answer = readers[platform](json)
    if (answer.ok) return
    if (answer.throttledMs !== undefined) throw new ThrottledError(answer.message, answer.throttledMs)
    if (answer.permanent) throw new PermanentDeliveryError(answer.message)
    throw new Error(answer.message)
  }

  return {
    name: 'robots',
    async send(to: Recipient, message: OutboundMessage): Promise<void> {
      if (to.kind !== 'robot') throw new PermanentDeliveryError(`group robots cannot reach a ${to.kind}`)
      const robot = await findRobotSendConfig(o.db, to.robotId)
      if (!robot?.enabled) throw new PermanentDeliveryError(`robot ${to.robotId} is not configured or disabled`)
      const mentions = await listMentionHandles(o.db, robot.platform, to.mentionOfficialIds ?? [])
      const msg = { text: message.text, ...(message.markdown ? { markdown: message.markdown } : {}), mentions }
      const url = rebase(robot.url, o.baseUrls?.[robot.platform])
      const now = o.clock.now()
      const requests =
        robot.platform === 'wecom'
          ? buildWecomRequests(url, msg)
          : robot.platform === 'dingtalk'
            ? buildDingtalkRequests(url, robot.secret, msg, now)
            : buildFeishuRequests(url, robot.secret, msg, now)
      for (const [i, req] of requests.entries()) {
        if (i > 0) await o.pacerFor?.(robot.platform, robot.id).take()
        await post(robot.platform, req)
      }
    },
  }
}
