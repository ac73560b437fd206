/**
 * `xuefa backup FILE` while the server runs and takes writes: the copy is one consistent moment (the first k
 * writes, none half-done), and restored as documented (`xuefa backup --help`) it gives the very report the
 * server gave after those k writes.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runXuefa, runXuefaHere, startXuefa, waitForExit } from '../helpers/cli.js'
import { createServeFixture } from './helpers/serve-fixture.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('backup while serving', () => {
  it('restores to the report of the moment it was taken', async () => {
    const { t, token, env } = await createServeFixture(null, 1, { file: true })
    cleanups.push(() => t.cleanup())
    const serve = await startXuefa(['serve'], { ...env, XUEFA_LOG_LEVEL: 'warn' }, /已启动: http:\/\/127\.0\.0\.1:(\d+)\/healthz/)
    cleanups.push(() => void serve.child.kill('SIGKILL'))
    const base = `http://127.0.0.1:${serve.match[1]}`
    const auth = { authorization: `Bearer ${token}` }
    const report = async () => {
      const res = await fetch(`${base}/api/v1/reports/annual?year=2024`, { headers: auth })
      expect(res.status).toBe(200)
      return (await res.json()) as unknown
    }

    // reports[i]: the report after exactly i acknowledged writes (this test is the only writer)
    const reports: unknown[] = [await report()]
    const file = join(t.dir, 'backup.db')
    let backup: Promise<Awaited<ReturnType<typeof runXuefa>>> | undefined
    let backupDone = false
    let startedAfter = -1
    let writes = 0
    // writes go on all the while the backup runs, and a few after it
    for (let after = 0; after < 5; after += backupDone ? 1 : 0) {
      if (++writes > 2000) throw new Error('the backup did not finish')
      const i = writes
      const csv = `exam,official_id,taken_at,score\nannual,A00${(i % 3) + 1},2024-${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} ${String(8 + Math.floor(i / 336)).padStart(2, '0')}:00,${(i % 50) + 50}\n`
      const res = await fetch(`${base}/api/v1/import/exam-results`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: csv,
      })
      expect(res.status).toBe(200)
      reports.push(await report())
      if (i === 5) {
        backup = runXuefa(['backup', file], env).finally(() => {
          backupDone = true
        })
        startedAfter = i
      }
    }
    const done = await backup!
    expect(done).toMatchObject({ code: 0 })
    expect(done.stdout).toContain('已备份到')
    serve.child.kill('SIGTERM')
    expect(await waitForExit(serve.child)).toBe(0)

    // restore as `xuefa backup --help` says: the backup becomes the database file, with no -wal/-shm beside it
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-restore-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    copyFileSync(file, join(dir, 'xuefa.db'))
    const restoredEnv = { ...env, XUEFA_DB_URL: `file:${join(dir, 'xuefa.db')}` }
    const count = await runXuefaHere(['report', '--year', '2024', '--format', 'json'], restoredEnv)
    expect(count.code).toBe(0)
    const restored = JSON.parse(count.stdout) as { exams: { annual: { tested: number; personTimes?: number } } }
    const k = reports.findIndex((r) => JSON.stringify(r) === JSON.stringify(restored))
    console.info(`backup started after write ${startedAfter} of ${writes}; the restored copy equals the report after write ${k}`)
    expect(k).toBeGreaterThanOrEqual(startedAfter)
    expect(k).toBeLessThan(writes) // a moment in the middle of the writes
    expect(restored).toEqual(reports[k])
  }, 60_000)
})
