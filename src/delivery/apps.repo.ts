import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

/** The platforms' own applications the chat runs on besides Wechaty (chat_apps, migration 0016). */
export type AppPlatform = 'wecom' | 'dingtalk'

/** The chat and outbox channel of an application's platform: its bindings' `channel`, its deliveries' `channel`. */
export const APP_CHANNEL = { wecom: 'wecom-app', dingtalk: 'dingtalk-app' } as const satisfies Record<AppPlatform, string>
export type AppChannel = (typeof APP_CHANNEL)[AppPlatform]

export interface ChatApp {
  platform: AppPlatform
  account: string
  corpId: string | null
  agentId: string
  appKey: string | null
  /** never logged, never shown */
  secret: string
  token: string | null
  aesKey: string | null
  enabled: boolean
  createdAt: string
}

function toApp(r: Row): ChatApp {
  const s = (v: unknown) => (v == null ? null : String(v))
  return {
    platform: String(r.platform) as AppPlatform,
    account: String(r.account),
    corpId: s(r.corp_id),
    agentId: String(r.agent_id),
    appKey: s(r.app_key),
    secret: String(r.secret),
    token: s(r.token),
    aesKey: s(r.aes_key),
    enabled: r.enabled === 1,
    createdAt: String(r.created_at),
  }
}

const COLUMNS = 'platform, account, corp_id, agent_id, app_key, secret, token, aes_key, enabled, created_at'

/** Adds an application, or replaces its settings (a new secret, a new callback key) when the name exists. */
export async function upsertApp(ex: Executor, a: Omit<ChatApp, 'enabled' | 'createdAt'>, now: string): Promise<void> {
  await ex.execute({
    sql: `INSERT INTO chat_apps (${COLUMNS}) VALUES (:platform, :account, :corpId, :agentId, :appKey, :secret, :token, :aesKey, 1, :now)
          ON CONFLICT (platform, account) DO UPDATE SET corp_id = excluded.corp_id, agent_id = excluded.agent_id,
            app_key = excluded.app_key, secret = excluded.secret, token = excluded.token, aes_key = excluded.aes_key`,
    args: { ...a, now },
  })
}

export async function findApp(ex: Executor, platform: AppPlatform, account: string): Promise<ChatApp | null> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM chat_apps WHERE platform = :platform AND account = :account`,
    args: { platform, account },
  })
  return rs.rows[0] ? toApp(rs.rows[0]) : null
}

export async function listApps(ex: Executor): Promise<ChatApp[]> {
  const rs = await ex.execute(`SELECT ${COLUMNS} FROM chat_apps ORDER BY platform, account`)
  return rs.rows.map(toApp)
}

export async function setAppEnabled(ex: Executor, platform: AppPlatform, account: string, enabled: boolean): Promise<boolean> {
  const rs = await ex.execute({
    sql: 'UPDATE chat_apps SET enabled = :enabled WHERE platform = :platform AND account = :account',
    args: { platform, account, enabled: enabled ? 1 : 0 },
  })
  return rs.rowsAffected > 0
}
