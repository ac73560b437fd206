import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../src/storage/db.js'
import { createApiHarness } from '../helpers/api.js'
import { createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'
import { runXuefaHere } from '../helpers/cli.js'

/** The issue's file: one new person for the county government, whose eight current people are not in it. */
const ONE_ROW = '编号,姓名,单位代码\nP9,新科员,PL\n'
const EIGHT = '张伟、王芳、李娜、刘洋、陈静、杨磊、赵敏、黄强'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

describe('the dashboard’s officials import says who is marked as left', () => {
  async function fixture(): Promise<UiFixture> {
    const f = await createUiFixture()
    cleanups.push(() => f.cleanup())
    return f
  }
  async function upload(f: UiFixture, text: string, extra: Record<string, string> = {}) {
    const jar = await logIn(f.app, f.tokens.admin)
    const form = new FormData()
    form.set('_csrf', csrfOf(await (await get(f.app, jar, '/ui/imports')).text()))
    form.set('kind', 'officials')
    for (const [k, v] of Object.entries(extra)) form.set(k, v)
    form.set('file', new File([text], 'officials.csv', { type: 'text/csv' }))
    const res = await f.app.request('/ui/imports', { method: 'POST', headers: { cookie: jar.header() }, body: form })
    return { status: res.status, html: await res.text() }
  }
  const stillOn = async (f: UiFixture) =>
    Number((await f.db.execute("SELECT count(*) AS n FROM officials WHERE unit_code = 'PL' AND left_at IS NULL")).rows[0]?.n)

  it('dry run: names who would leave and warns that the import needs confirming', async () => {
    const f = await fixture()
    const { status, html } = await upload(f, ONE_ROW, { dryRun: '1' })
    expect(status).toBe(200)
    expect(html).toContain('试导入通过')
    expect(html).toContain('将有 8 人不在新名单中，导入后标记为离开（记录保留）：')
    expect(html).toContain(`<li>平罗县人民政府（PL）：${EIGHT}</li>`)
    expect(html).toContain('「平罗县人民政府」（PL）现有 8 人中将有 8 人标记为离开，超过一半：正式导入时需确认标记离开。')
    expect(await stillOn(f)).toBe(8)
  })

  it('refuses the import without the checkbox, naming how many and who; with it, imports and names them', async () => {
    const f = await fixture()
    const refused = await upload(f, ONE_ROW)
    expect(refused.status).toBe(422)
    expect(refused.html).toContain(`本文件将把「平罗县人民政府」（PL）现有 8 人中的 8 人标记为离开：${EIGHT}。超过一半`)
    expect(refused.html).toContain('页面勾选「确认标记离开」')
    expect(await stillOn(f)).toBe(8)

    const done = await upload(f, ONE_ROW, { confirmLeavers: '1' })
    expect(done.status).toBe(200)
    expect(done.html).toContain('共 1 行：新增 1，更新 0，未变 0。')
    expect(done.html).toContain('8 人不在新名单中，已标记为离开（记录保留）：')
    expect(done.html).toContain(`<li>平罗县人民政府（PL）：${EIGHT}</li>`)
    expect(await stillOn(f)).toBe(1)
  })

  it('a file that marks fewer than half as left needs no confirmation, and still names them', async () => {
    const f = await fixture()
    const rows = ['P1,张伟,PL', 'P2,王芳,PL', 'P3,李娜,PL', 'P4,刘洋,PL', 'P5,陈静,PL', 'P6,杨磊,PL']
    const { status, html } = await upload(f, ['编号,姓名,单位代码', ...rows, ''].join('\n'))
    expect(status).toBe(200)
    expect(html).toContain('<li>平罗县人民政府（PL）：赵敏、黄强</li>')
    expect(await stillOn(f)).toBe(6)
  })
})

describe('the API answers who is marked as left', () => {
  async function harness() {
    const h = await createApiHarness()
    cleanups.push(() => h.cleanup())
    return { h, admin: await h.token('admin') }
  }
  const upload = (h: Awaited<ReturnType<typeof harness>>['h'], token: string, query: string) =>
    h.request(`/api/v1/import/officials${query}`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/csv' },
      body: 'id,name,unit_code\nA003,孙七,PL-A\n',
    })
  const leavers = [
    { id: 'A001', name: '张三', unitCode: 'PL-A', unitName: '县司法局' },
    { id: 'A002', name: '李四', unitCode: 'PL-A', unitName: '县司法局' },
  ]

  it('dry run lists the leavers and the units needing confirmation; the import is refused without confirmLeavers', async () => {
    const { h, admin } = await harness()
    const dry = await upload(h, admin.token, '?dryRun=true')
    expect(dry.status).toBe(200)
    expect(await dry.json()).toMatchObject({
      ok: true,
      dryRun: true,
      left: 2,
      leavers,
      leaversToConfirm: [{ unitCode: 'PL-A', unitName: '县司法局', current: 2, leaving: leavers }],
    })

    const refused = await upload(h, admin.token, '')
    expect(refused.status).toBe(422)
    const body = (await refused.json()) as { issues: { line: number; column: string; message: string }[] }
    expect(body.issues).toEqual([
      { line: 2, column: 'unit_code', message: expect.stringContaining('现有 2 人中的 2 人标记为离开：张三、李四。') },
    ])
    expect(body.issues[0]!.message).toContain('接口加 confirmLeavers=true')

    const done = await upload(h, admin.token, '?confirmLeavers=true')
    expect(done.status).toBe(200)
    const result = await done.json()
    expect(result).toMatchObject({ ok: true, dryRun: false, inserted: 1, left: 2, leavers })
    expect(result).not.toHaveProperty('leaversToConfirm')
    const audit = await h.db.execute("SELECT detail_json FROM audit_log WHERE action = 'import.officials'")
    expect(JSON.parse(String(audit.rows[0]?.detail_json))).toMatchObject({ left: 2, leftIds: ['A001', 'A002'] })
  })
})

describe('the refusal among the file’s other problems', () => {
  it('is listed with them, so one round of corrections sees everything', async () => {
    const h = await createApiHarness()
    cleanups.push(() => h.cleanup())
    const admin = await h.token('admin')
    const res = await h.request('/api/v1/import/officials', {
      method: 'POST',
      token: admin.token,
      headers: { 'content-type': 'text/csv' },
      body: 'id,name,unit_code,is_leader\nA003,孙七,PL-A,也许\nA004,吴九,PL-A,否\n',
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { issues: { line: number; column: string; message: string }[] }
    expect(body.issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'is_leader'],
      [3, 'unit_code'],
    ])
    expect(body.issues[1]!.message).toContain('张三、李四')
  })
})

describe('xuefa import officials', () => {
  it('prints who will be and was marked as left, and needs --confirm-leavers for more than half of a unit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-leavers-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const url = `file:${join(dir, 'x.db')}`
    const env = { XUEFA_DB_URL: url }
    writeFileSync(join(dir, 'units.csv'), 'code,name\nPL,平罗县人民政府\n')
    writeFileSync(join(dir, 'all.csv'), '编号,姓名,单位代码\nP1,县长,PL\nP2,副县长甲,PL\nP3,副县长乙,PL\n')
    writeFileSync(join(dir, 'one.csv'), '编号,姓名,单位代码\nP9,新科员,PL\n')
    expect((await runXuefaHere(['import', 'units', join(dir, 'units.csv')], env)).code).toBe(0)
    expect((await runXuefaHere(['import', 'officials', join(dir, 'all.csv')], env)).code).toBe(0)

    const dry = await runXuefaHere(['import', 'officials', join(dir, 'one.csv'), '--dry-run'], env)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('将有 3 人不在新名单中，导入后标记为离开（记录保留）：\n  平罗县人民政府（PL）：县长、副县长甲、副县长乙')
    expect(dry.stdout).toContain('注意：「平罗县人民政府」（PL）现有 3 人中将有 3 人标记为离开，超过一半')

    const refused = await runXuefaHere(['import', 'officials', join(dir, 'one.csv')], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('现有 3 人中的 3 人标记为离开：县长、副县长甲、副县长乙。')
    expect(refused.stderr).toContain('命令行加 --confirm-leavers')

    const done = await runXuefaHere(['import', 'officials', join(dir, 'one.csv'), '--confirm-leavers'], env)
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('3 人不在新名单中，已标记为离开（记录保留）：\n  平罗县人民政府（PL）：县长、副县长甲、副县长乙')
    const db = await openDb(url)
    try {
      expect((await db.execute('SELECT count(*) AS n FROM officials WHERE left_at IS NULL')).rows[0]?.n).toBe(1)
    } finally {
      db.close()
    }
  })
})
