import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { silentLogger } from '../../src/log.js'
import { createHttpApp, type HttpOptions } from '../../src/http/app.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import type { TokenRole } from '../../src/access/tokens.repo.js'
import { signStandardWebhook, signWebhook } from '../../src/http/api/webhook-signature.js'
import type { Db } from '../../src/storage/db.js'
import { createTestDb, type TestDb } from './db.js'

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789'
export const START = '2024-03-01T02:00:00.000Z'

export interface ApiHarness {
  app: ReturnType<typeof createHttpApp>
  db: Db
  clock: ManualClock
  testDb: TestDb
  /** a request as a client at `ip` would send it (the node-server socket address) */
  request(path: string, init?: RequestInit & { token?: string; ip?: string; json?: unknown }): Promise<Response>
  token(role: TokenRole, unitCode?: string | null, expiresInDays?: number): Promise<{ id: number; token: string }>
  cleanup(): void
}

/**
 * The county used by API tests:  PL (county) ─┬─ PL-A (unit A) ─ PL-A1
 *                                             └─ PL-B (unit B)
 * Officials: A001, A002 in PL-A; A101 in PL-A1; B001 in PL-B.
 */
export async function seedCounty(db: Db): Promise<void> {
  const now = START
  const units: [string, string, string | null, string][] = [
    ['PL', '平罗县人民政府', null, '/PL/'],
    ['PL-A', '县司法局', 'PL', '/PL/PL-A/'],
    ['PL-A1', '司法所', 'PL-A', '/PL/PL-A/PL-A1/'],
    ['PL-B', '县教育局', 'PL', '/PL/PL-B/'],
  ]
  const officials: [string, string, string][] = [
    ['A001', '张三', 'PL-A'],
    ['A002', '李四', 'PL-A'],
    ['A101', '王五', 'PL-A1'],
    ['B001', '赵六', 'PL-B'],
  ]
  await db.batch([
    ...units.map(([code, name, parent, path]) => ({
      sql: 'INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [code, name, parent, path, now, now],
    })),
    ...officials.map(([id, name, unit]) => ({
      sql: 'INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      args: [id, name, unit, now, now],
    })),
  ])
}

/** A session inserted directly: `id` in `unitCode`, starting on 2024-03-10 09:00 Shanghai time. */
export async function seedSession(
  db: Db,
  id: string,
  unitCode: string,
  extra: { status?: string; externalId?: string } = {},
): Promise<void> {
  await db.batch([
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, status, external_id, source, created_at, updated_at)
            VALUES (?, 'lecture', '专题讲座', '2024-03-10T01:00:00.000Z', ?, ?, ?, 'api', ?, ?)`,
      args: [id, unitCode, extra.status ?? 'planned', extra.externalId ?? null, START, START],
    },
  ])
}

export async function createApiHarness(
  options: { env?: Record<string, string>; http?: HttpOptions; seed?: boolean } = {},
): Promise<ApiHarness> {
  const clock = new ManualClock(START)
  const testDb = await createTestDb(clock)
  const { db } = testDb
  if (options.seed !== false) await seedCounty(db)
  const config = loadConfig({ ...testDb.env, XUEFA_WEBHOOK_SECRET: WEBHOOK_SECRET, XUEFA_BOT: 'off', ...options.env })
  const app = createHttpApp({ db, clock, config, logger: silentLogger }, options.http)
  return {
    app,
    db,
    clock,
    testDb,
    request(path, init = {}) {
      const { token, ip = '192.0.2.10', json, ...rest } = init
      const headers = new Headers(rest.headers)
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`)
      let body = rest.body
      if (json !== undefined) {
        headers.set('content-type', 'application/json')
        body = JSON.stringify(json)
      }
      return Promise.resolve(app.request(path, { ...rest, headers, body }, { incoming: { socket: { remoteAddress: ip } } }))
    },
    async token(role, unitCode = null, expiresInDays) {
      const created = await createApiToken({ db, clock }, { role, unitCode, expiresInDays }, { actor: 'test' })
      return { id: created.id, token: created.token }
    },
    cleanup: () => testDb.cleanup(),
  }
}

/** Headers of a correctly signed webhook delivery of `body` at the clock's time (Standard Webhooks). */
export function signedHeaders(clock: ManualClock, body: string, eventId: string, secret = WEBHOOK_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(clock.now().getTime() / 1000))
  return {
    'content-type': 'application/json',
    'webhook-id': eventId,
    'webhook-timestamp': timestamp,
    'webhook-signature': signStandardWebhook(secret, eventId, timestamp, body),
  }
}

/** The same with the earlier headers (X-Xuefa-*), which do not sign the event id. */
export function legacySignedHeaders(clock: ManualClock, body: string, eventId: string, secret = WEBHOOK_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(clock.now().getTime() / 1000))
  return {
    'content-type': 'application/json',
    'x-xuefa-timestamp': timestamp,
    'x-xuefa-event-id': eventId,
    'x-xuefa-signature': signWebhook(secret, timestamp, body),
  }
}

/** The audit rows of one action, newest last. */
export async function auditRows(
  db: Db,
  action: string,
): Promise<{ actor: string; ip: string | null; request_id: string | null; entity_id: string | null }[]> {
  const rs = await db.execute({
    sql: 'SELECT actor, ip, request_id, entity_id FROM audit_log WHERE action = ? ORDER BY id',
    args: [action],
  })
  return rs.rows.map((r) => ({
    actor: String(r.actor),
    ip: r.ip == null ? null : String(r.ip),
    request_id: r.request_id == null ? null : String(r.request_id),
    entity_id: r.entity_id == null ? null : String(r.entity_id),
  }))
}
