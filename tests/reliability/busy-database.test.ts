/**
 * Two processes writing at once: `xuefa serve` taking attendance marks over HTTP while `xuefa import` writes a
 * large roster in one transaction. No SQLITE_BUSY may reach anyone (no 5xx, no failed import) and no write is lost.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runXuefa, startXuefa, waitForExit } from '../helpers/cli.js'
import type { TestDb } from '../helpers/db.js'
import { startHeldRobot } from './helpers/held-robot.js'
import { createServeFixture } from './helpers/serve-fixture.js'

const ROWS = process.env.XUEFA_RELIABILITY_FULL === '1' ? 100_000 : 20_000
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('serve and import writing at once', () => {
  it(`keeps every HTTP write and imports ${ROWS} officials, with no busy error reaching anyone`, async () => {
    const robot = await startHeldRobot()
    robot.release()
    cleanups.push(() => robot.close())
    const { t, token, env } = await createServeFixture(robot.url, 1)
    cleanups.push(() => (t as TestDb).cleanup())
    const csv = join(t.dir, 'officials.csv')
    writeFileSync(
      csv,
      ['编号,姓名,单位代码,职务', ...Array.from({ length: ROWS }, (_, i) => `N${String(i).padStart(6, '0')},干部${i},PL,科员`)].join('\n'),
    )
    const serve = await startXuefa(['serve'], { ...env, XUEFA_LOG_LEVEL: 'warn' }, /已启动: http:\/\/127\.0\.0\.1:(\d+)\/healthz/)
    cleanups.push(() => void serve.child.kill('SIGKILL'))
    const base = `http://127.0.0.1:${serve.match[1]}`

    let importing = true
    const imported = runXuefa(['import', 'officials', csv, '--confirm-leavers'], env).finally(() => (importing = false))
    const acked: string[] = []
    const failures: string[] = []
    let duringImport = 0
    for (let i = 0; importing || i < 20; i++) {
      if (i > 2000) throw new Error('the import did not finish')
      const officialId = `A00${(i % 3) + 1}`
      const wasImporting = importing
      const res = await fetch(`${base}/api/v1/sessions/S1/attendance`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ officialId, status: i % 2 === 0 ? 'present' : 'late', note: `第${i}次` }]),
        signal: AbortSignal.timeout(60_000),
      })
      if (res.status !== 200) failures.push(`${res.status} ${await res.text()}`)
      else acked.push(`${officialId}:第${i}次`)
      if (wasImporting && importing) duringImport++
    }
    const result = await imported
    expect(failures).toEqual([])
    expect(result.stderr).not.toMatch(/BUSY|locked/i)
    expect(result).toMatchObject({ code: 0 })
    expect(result.stdout).toContain(`共 ${ROWS} 行：新增 ${ROWS}`)
    expect(duringImport).toBeGreaterThan(0)

    serve.child.kill('SIGTERM')
    expect(await waitForExit(serve.child)).toBe(0)
    const db = await t.open()
    cleanups.push(() => db.close())
    const officials = await db.execute("SELECT count(*) AS n FROM officials WHERE id LIKE 'N%'")
    expect(Number(officials.rows[0]!.n)).toBe(ROWS)
    // every acknowledged mark was the last one for its official at some point: the audit trail keeps them all
    const audit = await db.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'attendance.mark'")
    expect(Number(audit.rows[0]!.n)).toBeGreaterThanOrEqual(acked.length)
    const lastAcked = new Map(acked.map((a) => a.split(':') as [string, string]))
    const marks = await db.execute("SELECT official_id, note FROM attendance WHERE session_id = 'S1' ORDER BY official_id")
    expect(new Map(marks.rows.map((r) => [String(r.official_id), String(r.note)]))).toEqual(lastAcked)
  }, 120_000)
})
