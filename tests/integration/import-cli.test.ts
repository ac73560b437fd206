import { afterEach, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runXuefaHere } from '../helpers/cli.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { csv, officialsRows, unitsCsv } from './import-fixtures.js'

const dbs: TestDb[] = []
afterEach(() => {
  while (dbs.length) dbs.pop()!.cleanup()
})

async function workspace(): Promise<{ dir: string; env: Record<string, string>; t: TestDb }> {
  const t = await createTestDb()
  dbs.push(t)
  return { dir: t.dir, env: { ...t.env }, t }
}

/** Counted through a client of its own, as another process sees the database. */
async function officialsIn(t: TestDb): Promise<number> {
  const db = await t.open()
  try {
    return Number((await db.execute('SELECT count(*) AS n FROM officials')).rows[0]?.n)
  } finally {
    db.close()
  }
}

describe('xuefa import', () => {
  it('imports a roster (exit 0) and refuses a bad one, printing every problem (exit 1)', async () => {
    const { dir, env, t } = await workspace()
    writeFileSync(join(dir, 'units.csv'), unitsCsv())
    writeFileSync(join(dir, 'good.csv'), csv(officialsRows(30)))
    const bad = officialsRows(3)
    bad[1]![2] = 'NOPE'
    bad[3]![7] = '昨天'
    writeFileSync(join(dir, 'bad.csv'), csv(bad))

    expect((await runXuefaHere(['import', 'units', join(dir, 'units.csv')], env)).code).toBe(0)
    const dry = await runXuefaHere(['import', 'officials', join(dir, 'good.csv'), '--dry-run'], env)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('试运行（未写入）')
    expect(await officialsIn(t)).toBe(0)

    const good = await runXuefaHere(['import', 'officials', join(dir, 'good.csv')], env)
    expect(good.code).toBe(0)
    expect(good.stdout).toContain('已导入人员，共 30 行：新增 30，更新 0，未变 0')

    const refused = await runXuefaHere(['import', 'officials', join(dir, 'bad.csv')], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('第 '))).toEqual([
      '第 2 行「unit_code」：单位「NOPE」不存在，请先导入单位',
      '第 4 行「joined_at」：日期格式应为 YYYY-MM-DD',
    ])
    expect(refused.stderr).toContain('未导入任何数据')
    expect(await officialsIn(t)).toBe(30)

    writeFileSync(join(dir, 'handles.csv'), '人员编号,平台,手机号\nP00001,企业微信,13800000000\n')
    const handles = await runXuefaHere(['import', 'handles', join(dir, 'handles.csv')], env)
    expect(handles.code, handles.stderr).toBe(0)
    expect(handles.stdout).toContain('已导入群机器人@账号，共 1 行：新增 1')
  })

  it('says so plainly for an unknown kind or a missing file (exit 1)', async () => {
    const { dir, env } = await workspace()
    const kind = await runXuefaHere(['import', 'people', join(dir, 'x.csv')], env)
    expect(kind.code).toBe(1)
    expect(kind.stderr).toContain('未知的导入类型「people」')
    const file = await runXuefaHere(['import', 'officials', join(dir, 'missing.csv')], env)
    expect(file.code).toBe(1)
    expect(file.stderr).toContain('找不到文件')
  })
})
