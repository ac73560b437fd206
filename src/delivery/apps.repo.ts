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
    args: {
      platform: a.platform,
      account: a.account,
      corpId: a.corpId,
      agentId: a.agentId,
      appKey: a.appKey,
      secret: a.secret,
      token: a.token,
      aesKey: a.aesKey,
      now,
    },
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

/** What the dashboard's bot page shows of an application: whether it is on, who is bound, what waits or failed. */
export interface AppState {
  platform: AppPlatform
  account: string
  enabled: boolean
  bound: number
  pending: number
  failed: number
  /**
   * the latest error of a send still waiting or failed for good (a platform's error code and message; never a token):
   * one overcome by a later try is not shown, and the outbox's index answers it without reading every row sent
   */
  lastError: string | null
}

export async function listAppStates(ex: Executor): Promise<AppState[]> {
  const rs = await ex.execute(`
    SELECT a.platform, a.account, a.enabled,
      (SELECT count(*) FROM chat_bindings b WHERE b.channel = a.channel AND b.account = a.account) AS bound,
      (SELECT count(*) FROM deliveries d WHERE d.state = 'pending' AND d.channel = a.channel AND d.account = a.account) AS pending,
      (SELECT count(*) FROM deliveries d WHERE d.state = 'failed' AND d.channel = a.channel AND d.account = a.account) AS failed,
      (SELECT d.last_error FROM deliveries d WHERE d.state IN ('pending', 'failed') AND d.last_error IS NOT NULL
         AND d.channel = a.channel AND d.account = a.account
         ORDER BY d.id DESC LIMIT 1) AS last_error
    FROM (SELECT platform, account, enabled, CASE platform WHEN 'wecom' THEN 'wecom-app' ELSE 'dingtalk-app' END AS channel
          FROM chat_apps) a
    ORDER BY a.platform, a.account`)
  return rs.rows.map((r) => ({
    platform: String(r.platform) as AppPlatform,
    account: String(r.account),
    enabled: r.enabled === 1,
    bound: Number(r.bound),
    pending: Number(r.pending),
    failed: Number(r.failed),
    lastError: r.last_error == null ? null : String(r.last_error),
  }))
}
