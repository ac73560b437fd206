/**
 * Rows of the handles import with platform 企业微信应用 / 钉钉应用 (issue 20): the person's user id on a WeCom / DingTalk
 * application, imported as a roster column instead of a 绑定 code. The person is bound there (chat_bindings, channel
 * 'wecom-app' / 'dingtalk-app', the platform's first enabled application): notices, reminders and replies reach them
 * on it from then on, in place of any binding they had.
 */
import type { Executor } from '../storage/db.js'
import { APP_CHANNEL, listApps, type AppPlatform } from '../delivery/apps.repo.js'
import { upsertAppBindingStatement } from '../roster/binding.repo.js'
import { PAUSE_EVERY_ROWS, emptyCounts, type Counts, type Item, type Plan, type PlanContext } from './apply.js'
import { selectWhereIn } from './bulk.repo.js'
import type { ImportProblem } from './import.types.js'
import type { HandleRecord } from './rows.js'
import type { HandlePlatform } from './values.js'

const PLATFORM_OF = { 'wecom-app': 'wecom', 'dingtalk-app': 'dingtalk' } as const satisfies Partial<Record<HandlePlatform, AppPlatform>>
const NAME_ZH = { wecom: '企业微信应用', dingtalk: '钉钉应用' } as const

export function isAppPlatform(p: HandlePlatform): p is keyof typeof PLATFORM_OF {
  return p in PLATFORM_OF
}

export async function planAppBindings(
  ex: Executor,
  items: Item<HandleRecord>[],
  ctx: PlanContext,
): Promise<{ problems: ImportProblem[]; counts: Counts; apply?: Plan['apply'] }> {
  const problems: ImportProblem[] = []
  const counts = emptyCounts()
  if (items.length === 0) return { problems, counts }
  const apps = (await listApps(ex)).filter((a) => a.enabled)
  const binds: { officialId: string; channel: string; account: string; contactId: string }[] = []
  const taken = new Map<string, number>()
  // the stored bindings of the file's people and user ids, read once for the file, not twice per row
  const columns = ['official_id', 'channel', 'contact_id', 'account']
  const byOfficial = new Map<string, { channel: string; contactId: string; account: string }>()
  for (const r of await selectWhereIn(
    ex,
    'chat_bindings',
    columns,
    'official_id',
    items.map((i) => i.record.officialId),
  )) {
    byOfficial.set(String(r.official_id), { channel: String(r.channel), contactId: String(r.contact_id), account: String(r.account) })
  }
  const holderOf = new Map<string, string>()
  const userIds = items.flatMap((i) => (i.record.userId ? [i.record.userId] : []))
  for (const r of await selectWhereIn(ex, 'chat_bindings', columns, 'contact_id', userIds)) {
    holderOf.set(`${r.channel}\u0000${r.contact_id}`, String(r.official_id))
  }
  let seen = 0
  for (const { line, record } of items) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    if (!isAppPlatform(record.platform)) continue
    const platform = PLATFORM_OF[record.platform]
    const app = apps.find((a) => a.platform === platform)
    if (!app) {
      problems.push({ line, column: ctx.header('platform'), message: `尚未配置${NAME_ZH[platform]}（xuefa channel add ${platform}）` })
      continue
    }
    const userId = record.userId
    if (!userId) {
      problems.push({ line, column: ctx.header('user_id'), message: `${NAME_ZH[platform]}须填写平台账号（用户 ID）` })
      continue
    }
    const channel = APP_CHANNEL[platform]
    const key = `${channel}\u0000${userId}`
    const first = taken.get(key)
    if (first !== undefined) {
      problems.push({ line, column: ctx.header('user_id'), message: `该${NAME_ZH[platform]}账号已在第 ${first} 行填写` })
      continue
    }
    taken.set(key, line)
    const holder = holderOf.get(key)
    if (holder !== undefined && holder !== record.officialId) {
      problems.push({ line, column: ctx.header('user_id'), message: `该${NAME_ZH[platform]}账号已绑定其他人员` })
      continue
    }
    const before = byOfficial.get(record.officialId)
    if (before && before.channel === channel && before.contactId === userId && before.account === app.account) counts.unchanged++
    else {
      if (before) counts.updated++
      else counts.inserted++
      binds.push({ officialId: record.officialId, channel, account: app.account, contactId: userId })
    }
  }
  if (binds.length === 0) return { problems, counts }
  return {
    problems,
    counts,
    apply: async (tx) => {
      for (const b of binds) await tx.execute(upsertAppBindingStatement(b, ctx.now))
    },
  }
}
