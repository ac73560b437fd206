/**
 * Issue 17 item 10: an attendance mark for a session before the person joined is imported but does not count;
 * the dry run and the result say so, row by row — through the CLI, the API and the dashboard's import page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runXuefaHere } from '../helpers/cli.js'
import { createApiHarness } from '../helpers/api.js'
import { createUiFixture, csrfOf, get, logIn } from '../helpers/browser.js'
import { IMPORTS } from '../../src/http/dashboard/views/copy.zh.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

const WARNING = '人员「A002」2024-02-25 入职，晚于活动「S-OLD」（2024-02-20）：这条出勤照常导入，但不计入统计（入职前的活动不算应参学）'
const SESSIONS = '编号,类型,主题,开始时间,组织单位\nS-OLD,法治专题讲座,宪法,2024-02-20 09:00,PL-A\n'
const MARKS = '活动编号,人员编号,出勤情况\nS-OLD,A001,出席\nS-OLD,A002,出席\n'

describe('attendance marks before the person joined', () => {
  it('the API answers them as warnings in the dry run and the result', async () => {
    const h = await createApiHarness()
    cleanups.push(() => h.cleanup())
    const { token } = await h.token('admin')
    await h.db.execute("UPDATE officials SET joined_at = '2024-02-24T16:00:00.000Z' WHERE id = 'A002'")
    const upload = (kind: string, body: string, query = '') =>
      h.request(`/api/v1/import/${kind}${query}`, { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body })
    expect((await upload('sessions', SESSIONS)).status).toBe(200)
    for (const query of ['?dryRun=true', '']) {
      const res = await upload('attendance', MARKS, query)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ ok: true, inserted: 2, warnings: [{ line: 3, column: '人员编号', message: WARNING }] })
    }
    // imported, and not counted: A002 is not expected at S-OLD
    const report = await h.request('/api/v1/reports/annual?year=2024&unit=PL', { token })
    expect(((await report.json()) as { attendance: { expected: number } }).attendance.expected).toBe(2)
  })

  it('the CLI prints them after the counts, dry run and import alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-before-joined-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const env = { XUEFA_DB_URL: `file:${join(dir, 'x.db')}`, XUEFA_TZ: 'Asia/Shanghai' }
    writeFileSync(join(dir, 'units.csv'), '单位代码,单位名称,上级单位代码\nPL,平罗县人民政府,\nPL-A,县司法局,PL\n')
    writeFileSync(join(dir, 'officials.csv'), '编号,姓名,单位代码,入职日期\nA001,张三,PL-A,2020-01-01\nA002,李四,PL-A,2024-02-25\n')
    writeFileSync(join(dir, 'sessions.csv'), SESSIONS)
    writeFileSync(join(dir, 'attendance.csv'), MARKS)
    for (const kind of ['units', 'officials', 'sessions']) {
      expect((await runXuefaHere(['import', kind, join(dir, `${kind}.csv`)], env)).code).toBe(0)
    }
    const dry = await runXuefaHere(['import', 'attendance', join(dir, 'attendance.csv'), '--dry-run'], env)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`请注意 1 行（照常导入，但不计入统计）：\n  第 3 行：${WARNING}`)
    const done = await runXuefaHere(['import', 'attendance', join(dir, 'attendance.csv')], env)
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('已导入出勤')
    expect(done.stdout).toContain(`第 3 行：${WARNING}`)
  })

  it('the dashboard import page lists them under the counts', async () => {
    const f = await createUiFixture() // officials P1…, S1…, Z1… of 平罗县; the clock at 2024-06-15
    cleanups.push(() => f.cleanup())
    await f.db.execute("UPDATE officials SET joined_at = '2024-06-12T16:00:00.000Z' WHERE id = 'S2'")
    const jar = await logIn(f.app, f.tokens.admin)
    const send = async (dryRun: boolean) => {
      const form = new FormData()
      form.set('_csrf', csrfOf(await (await get(f.app, jar, '/ui/imports')).text()))
      form.set('kind', 'attendance')
      if (dryRun) form.set('dryRun', '1')
      form.set('file', new File([`活动编号,人员编号,出勤情况\n${f.sfjSessionId},S2,出席\n`], 'a.csv', { type: 'text/csv' }))
      return f.app.request('/ui/imports', { method: 'POST', headers: { cookie: jar.header() }, body: form })
    }
    for (const dryRun of [true, false]) {
      const res = await send(dryRun)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain(IMPORTS.warnings(1))
      expect(html).toContain(`人员「S2」2024-06-13 入职，晚于活动「${f.sfjSessionId}」（2024-06-12）`)
    }
  })
})
