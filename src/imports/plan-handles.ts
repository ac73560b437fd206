/**
 * How group robots @-mention people (official_handles): upsert by (official, platform). A column the file lacks
 * keeps what is stored; a row must leave the person with a user id or a mobile number. A row of platform 企业微信应用 /
 * 钉钉应用 binds the person's chat to their user id on that application instead (plan-app-bindings.ts).
 */
import type { InValue, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import {
  PAUSE_EVERY_ROWS,
  emptyCounts,
  findDuplicates,
  pacedUpsertWrites,
  keep,
  sameValues,
  text,
  type Item,
  type Plan,
  type PlanContext,
} from './apply.js'
import { selectWhereIn } from './bulk.repo.js'
import type { HandleRecord } from './rows.js'
import { isAppPlatform, planAppBindings } from './plan-app-bindings.js'

const HANDLES_UPSERT = {
  table: 'official_handles',
  columns: ['official_id', 'platform', 'user_id', 'mobile'],
  conflict: ['official_id', 'platform'],
  update: ['user_id', 'mobile'],
} as const

const PLATFORM_ZH = {
  wecom: '企业微信',
  dingtalk: '钉钉',
  feishu: '飞书',
  'wecom-app': '企业微信应用',
  'dingtalk-app': '钉钉应用',
} as const
const keyOf = (officialId: string, platform: string) => `${officialId}\u0000${platform}`

export async function planHandles(ex: Executor, items: Item<HandleRecord>[], ctx: PlanContext): Promise<Plan> {
  const { unique, problems } = findDuplicates(
    items,
    (r) => keyOf(r.officialId, r.platform),
    (item, first) => ({
      line: item.line,
      column: ctx.header('platform'),
      message: `人员「${item.record.officialId}」的${PLATFORM_ZH[item.record.platform]}账号已在第 ${first} 行填写`,
    }),
  )
  const apps = await planAppBindings(
    ex,
    [...unique.values()].filter((i) => isAppPlatform(i.record.platform)),
    ctx,
  )
  problems.push(...apps.problems)
  for (const [k, i] of unique) if (isAppPlatform(i.record.platform)) unique.delete(k)
  const existing = new Map<string, Row>()
  const stored = await selectWhereIn(
    ex,
    'official_handles',
    ['official_id', 'platform', 'user_id', 'mobile'],
    'official_id',
    [...unique.values()].map((i) => i.record.officialId),
  )
  for (const r of stored) existing.set(keyOf(String(r.official_id), String(r.platform)), r)

  const counts = emptyCounts()
  const rows: InValue[][] = []
  let seen = 0
  for (const [key, { line, record }] of unique) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    const before = existing.get(key)
    const userId = keep(record.userId, before ? text(before.user_id) : undefined, null)
    const mobile = keep(record.mobile, before ? text(before.mobile) : undefined, null)
    if (userId === null && mobile === null) {
      problems.push({ line, column: ctx.header('user_id'), message: '平台账号和手机号至少填写一项' })
      continue
    }
    if (!before) counts.inserted++
    else if (sameValues([userId, mobile], [before.user_id, before.mobile])) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push([record.officialId, record.platform, userId, mobile])
  }
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }
  for (const k of ['inserted', 'updated', 'unchanged'] as const) counts[k] += apps.counts[k]
  return { problems, counts, writes: await pacedUpsertWrites(HANDLES_UPSERT, rows, ctx), ...(apps.apply ? { apply: apps.apply } : {}) }
}
