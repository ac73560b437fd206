import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'
import { annualReport } from '../../src/reports/report-cache.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { createFileTestDb, type TestDb } from '../helpers/db.js'
import { START, seedCounty, seedSession } from '../helpers/api.js'

const TZ = 'Asia/Shanghai'
const dbs: TestDb[] = []
afterEach(() => {
  while (dbs.length) dbs.pop()!.cleanup()
})

async function county(): Promise<TestDb> {
  const t = await createFileTestDb(new ManualClock(START))
  dbs.push(t)
  await seedCounty(t.db)
  await seedSession(t.db, 'S-A', 'PL-A', { status: 'held' })
  return t
}

describe('annual report cache', () => {
  it('builds the report once per state of the ledger, and again after any commit', async () => {
    const { db } = await county()
    const first = await annualReport(db, { year: 2024, tz: TZ })
    expect(await annualReport(db, { year: 2024, tz: TZ })).toBe(first)
    expect(await annualReport(db, { year: 2024, unitCode: 'PL-A', tz: TZ })).not.toBe(first) // its own entry
    await db.execute({
      sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES ('S-A', 'A001', 'present', ?)",
      args: [START],
    })
    const after = await annualReport(db, { year: 2024, tz: TZ })
    expect(after).not.toBe(first)
    // what it keeps is exactly what would be built now
    expect(after).toEqual(await buildAnnualReport(db, { year: 2024, tz: TZ }))
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(first))
  })

  it('sees a commit made through another connection (another process alike)', async () => {
    const t = await county()
    const first = await annualReport(t.db, { year: 2024, tz: TZ })
    const other = await t.open()
    await other.execute({
      sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES ('S-A', 'A002', 'late', ?)",
      args: [START],
    })
    other.close()
    const after = await annualReport(t.db, { year: 2024, tz: TZ })
    expect(after).not.toBe(first)
    expect(after).toEqual(await buildAnnualReport(t.db, { year: 2024, tz: TZ }))
  })

  it('keeps nothing where the data version cannot be known (in memory)', async () => {
    const db = await openDb('file::memory:')
    try {
      await runMigrations(db, new ManualClock(START))
      await seedCounty(db)
      expect(db.dataVersion()).toBeNull()
      const a = await annualReport(db, { year: 2024, tz: TZ })
      expect(await annualReport(db, { year: 2024, tz: TZ })).not.toBe(a)
    } finally {
      db.close()
    }
  })
})

describe('data version', () => {
  it('moves on a commit and not on a read', async () => {
    const { db } = await county()
    const v0 = db.dataVersion()
    await db.execute('SELECT count(*) FROM officials')
    expect(db.dataVersion()).toBe(v0)
    await db.batch([{ sql: "UPDATE officials SET name = '张三丰' WHERE id = 'A001'", args: [] }])
    expect(db.dataVersion()).not.toBe(v0)
  })
})
