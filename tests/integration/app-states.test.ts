/** The applications' state on the bot page and the API (listAppStates): each counts its own channel's and account's rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAppStates, upsertApp } from '../../src/delivery/apps.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

describe('listAppStates', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await createTestDb()
    const app = { corpId: null, appKey: null, token: null, aesKey: null, secret: 's' }
    await upsertApp(t.db, { ...app, platform: 'wecom', account: 'main', agentId: '1' }, '2024-01-01T00:00:00Z')
    await upsertApp(t.db, { ...app, platform: 'dingtalk', account: 'main', agentId: '2' }, '2024-01-01T00:00:00Z')
    const rows: [string, string, string, string | null][] = [
      ['wecom-app', 'main', 'pending', 'e1'],
      ['wecom-app', 'main', 'failed', 'e2'],
      ['wecom-app', 'main', 'sent', 'e3'],
      ['wecom-app', 'other', 'failed', 'x'],
      ['wechaty', 'main', 'failed', 'x'],
      ['dingtalk-app', 'main', 'pending', null],
    ]
    for (const [i, [channel, account, state, error]] of rows.entries()) {
      await t.db.execute({
        sql: `INSERT INTO deliveries (dedup_key, channel, account, recipient, message_json, state, not_before, last_error, created_at)
              VALUES (?, ?, ?, 'official:P1', '{}', ?, '2024-01-01T00:00:00Z', ?, '2024-01-01T00:00:00Z')`,
        args: [`k${i}`, channel, account, state, error],
      })
    }
  })
  afterAll(() => t.cleanup())

  it('counts what waits and failed, and the latest error, of its own channel and account only', async () => {
    expect(await listAppStates(t.db)).toEqual([
      { platform: 'dingtalk', account: 'main', enabled: true, bound: 0, pending: 1, failed: 0, lastError: null },
      { platform: 'wecom', account: 'main', enabled: true, bound: 0, pending: 1, failed: 1, lastError: 'e2' },
    ])
  })
})
