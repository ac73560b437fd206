/**
 * A county with one WeCom robot (when given), three sessions whose materials are due now, and an admin token: on the
 * engine of the run (createTestDb), or on a file whatever the engine with `file` (a backup is a file's).
 */
import { systemClock } from '../../../src/clock.js'
import { createSession } from '../../../src/sessions/sessions.service.js'
import { createApiToken } from '../../../src/access/tokens.service.js'
import { createFileTestDb, createTestDb, type TestDb } from '../../helpers/db.js'

export async function createServeFixture(
  robotUrl: string | null,
  sessions = 3,
  o: { file?: boolean } = {},
): Promise<{ t: TestDb; token: string; env: Record<string, string> }> {
  const t = o.file ? await createFileTestDb() : await createTestDb()
  const now = new Date().toISOString()
  await t.db.batch([
    {
      sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL', '平罗县人民政府', NULL, '/PL/', ?, ?)",
      args: [now, now],
    },
    ...['A001', 'A002', 'A003'].map((id) => ({
      sql: "INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, 'PL', ?, ?)",
      args: [id, `干部${id}`, now, now],
    })),
  ])
  if (robotUrl)
    await t.db.execute({
      sql: "INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at) VALUES (1, 'PL', 'wecom', ?, NULL, ?)",
      args: [robotUrl, now],
    })
  const deps = { db: t.db, clock: systemClock, tz: 'Asia/Shanghai' }
  for (let i = 1; i <= sessions; i++) {
    await createSession(
      deps,
      // S1 starts in ten minutes, so its check-in window is open and attendance may be marked (only 请假 before it)
      {
        id: `S${i}`,
        kind: 'lecture',
        title: `讲座${i}`,
        startsAt: new Date(Date.now() + (i === 1 ? 600_000 : (2 + i) * 3_600_000)),
        unitCode: 'PL',
      },
      { actor: 'test' },
    )
  }
  const { token } = await createApiToken({ db: t.db, clock: systemClock }, { role: 'admin' }, { actor: 'test' })
  t.db.close()
  return { t, token, env: { ...t.env, PORT: '0', XUEFA_BOT: 'off', XUEFA_BANK: 'off', XUEFA_LOG_LEVEL: 'info' } }
}
