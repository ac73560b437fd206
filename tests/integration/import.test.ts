import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { ManualClock } from '../../src/clock.js'
import { formatProblem } from '../../src/imports/import.types.js'
import { bytesOf, count, csv, importer, officialsRows, unitsCsv } from './import-fixtures.js'

let t: TestDb
let run: ReturnType<typeof importer>
beforeEach(async () => {
  t = await createTestDb()
  run = importer(t.db)
})
afterEach(() => t.cleanup())

const problemLines = (r: Awaited<ReturnType<typeof run>>) => (r.ok ? [] : r.problems.map(formatProblem))

describe('roster import', () => {
  it('imports 3 levels of units and 2,000 officials', async () => {
    expect(await run('units', unitsCsv())).toMatchObject({ ok: true, rows: 41, inserted: 41 })
    expect(await run('officials', csv(officialsRows(2000)))).toMatchObject({
      ok: true,
      rows: 2000,
      inserted: 2000,
      updated: 0,
      unchanged: 0,
      left: 0,
    })
    expect(await count(t.db, 'officials')).toBe(2000)
    const unit = await t.db.execute("SELECT path FROM units WHERE code = 'D3S2'")
    expect(unit.rows[0]?.path).toBe('/PL/D3/D3S2/')
    const p = await t.db.execute("SELECT * FROM officials WHERE id = 'P00100'")
    expect(p.rows[0]).toMatchObject({
      name: '干部100',
      unit_code: 'D10S1',
      title: '局长',
      is_leader: 1,
      is_principal: 1,
      is_enforcement: 0,
      joined_at: '2012-02-14T16:00:00.000Z',
      left_at: null,
      created_at: '2024-06-01T02:00:00.000Z',
    })
    const audit = await t.db.execute("SELECT actor, action, detail_json FROM audit_log WHERE action = 'import.officials'")
    expect(audit.rows.map((r) => [r.actor, JSON.parse(String(r.detail_json)).inserted])).toEqual([['tester', 2000]])
  })

  it('a file with 5 different bad rows imports nothing and names all 5', async () => {
    await run('units', unitsCsv())
    const rows = officialsRows(8)
    rows[2]![4] = '大概' // line 3: is_leader
    rows[3]![7] = '2020-02-30' // line 4: joined_at
    rows[4]![2] = 'NOPE' // line 5: unit_code
    rows[6]![1] = '' // line 7: name
    rows[8]![0] = 'P00001' // line 9: id repeats line 2
    const r = await run('officials', csv(rows))
    expect(problemLines(r)).toEqual([
      'line 3, column is_leader: 应填 是 或 否（也可填 true/false、1/0）',
      'line 4, column joined_at: 日期格式应为 YYYY-MM-DD',
      'line 5, column unit_code: 单位「NOPE」不存在，请先导入单位',
      'line 7, column name: 不能为空',
      'line 9, column id: 编号「P00001」与第 2 行重复',
    ])
    expect(await count(t.db, 'officials')).toBe(0)
    expect(await count(t.db, 'audit_log')).toBe(1) // the units import only
  })

  it('reads Chinese and English headers alike, and a BOM', async () => {
    await run('units', unitsCsv())
    const zh = officialsRows(5, ['编号', '姓名', '单位代码', '职务', '是否领导班子成员', '是否主要负责人', '是否执法人员', '入职日期'])
    expect(await run('officials', `\uFEFF${csv(zh)}`)).toMatchObject({ ok: true, inserted: 5 })
    const zhRows = (await t.db.execute('SELECT * FROM officials ORDER BY id')).rows
    expect(await run('officials', csv(officialsRows(5)))).toMatchObject({ ok: true, inserted: 0, unchanged: 5 })
    expect((await t.db.execute('SELECT * FROM officials ORDER BY id')).rows).toEqual(zhRows)
    const bom = await run('officials', new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(csv(zh))]))
    expect(bom).toMatchObject({ ok: true, unchanged: 5 })
  })

  it('names a row with more cells than the header, and an unclosed quote', async () => {
    await run('units', unitsCsv())
    const ragged = await run('officials', 'id,name,unit_code\nP1,张,三,D1S1\n\nP2,李四,D1S1\n')
    expect(problemLines(ragged)).toEqual(['line 2, column 第4列: 本行有 4 列，比表头多；含逗号的内容请用英文双引号括起来'])
    const quote = await run('officials', 'id,name,unit_code\nP1,张三,D1S1\nP2,"李四,D1S1\n')
    expect(problemLines(quote)).toEqual(['line 3, column 文件: CSV 格式有误（引号没有闭合），请检查本行附近的引号'])
  })

  it('names a missing required column once, at line 1, in Chinese', async () => {
    const r = await run(
      'officials',
      csv([
        ['编号', '姓名'],
        ['P1', '张三'],
      ]),
    )
    expect(problemLines(r)).toEqual(['line 1, column 单位代码: 缺少必填列「单位代码」（或英文 unit_code）'])
  })

  it('reads the first sheet of an XLSX file, with date cells in local time', async () => {
    await run('units', unitsCsv())
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet('花名册')
    wb.addWorksheet('说明').addRow(['这张表不会被读取'])
    sheet.addRow(['编号', '姓名', '单位代码', '是否领导班子成员', '入职日期'])
    sheet.addRow(['X1', { richText: [{ text: '张' }, { text: '三' }] }, 'D1S1', true, new Date(Date.UTC(2021, 6, 1))])
    sheet.addRow(['X2', '李四', 'D1S2', '否', '2022-01-05'])
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    expect(await run('officials', bytes, { filename: 'roster.xlsx' })).toMatchObject({ ok: true, rows: 2, inserted: 2 })
    const rows = (await t.db.execute('SELECT id, name, is_leader, joined_at FROM officials ORDER BY id')).rows
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { id: 'X1', name: '张三', is_leader: 1, joined_at: '2021-06-30T16:00:00.000Z' },
      { id: 'X2', name: '李四', is_leader: 0, joined_at: '2022-01-04T16:00:00.000Z' },
    ])
  })

  it('re-importing the same file changes nothing', async () => {
    await run('units', unitsCsv())
    const file = csv(officialsRows(300))
    await run('officials', file)
    const before = (await t.db.execute('SELECT * FROM officials ORDER BY id')).rows
    const later = importer(t.db, new ManualClock('2024-09-01T00:00:00Z'))
    expect(await later('officials', file)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 300, left: 0 })
    expect(await later('units', unitsCsv())).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 41 })
    expect((await t.db.execute('SELECT * FROM officials ORDER BY id')).rows).toEqual(before)
    const stamps = await t.db.execute('SELECT DISTINCT updated_at FROM units')
    expect(stamps.rows.map((r) => r.updated_at)).toEqual(['2024-06-01T02:00:00.000Z'])
  })

  it('marks organizers from 是否组织者; a file without the column keeps the mark, 否 clears it', async () => {
    await run('units', unitsCsv())
    const organizer = async () =>
      (await t.db.execute('SELECT id, is_organizer FROM officials ORDER BY id')).rows.map((r) => [r.id, r.is_organizer])
    const header = ['编号', '姓名', '单位代码', '是否组织者']
    expect(await run('officials', csv([header, ['A1', '张三', 'D1', '是'], ['A2', '李四', 'D1', '']]))).toMatchObject({
      ok: true,
      inserted: 2,
    })
    expect(await organizer()).toEqual([
      ['A1', 1],
      ['A2', 0],
    ])
    const without = csv([
      ['编号', '姓名', '单位代码'],
      ['A1', '张三', 'D1'],
      ['A2', '李四', 'D1'],
    ])
    expect(await run('officials', without)).toMatchObject({ ok: true, unchanged: 2 })
    expect(await run('officials', csv([header, ['A1', '张三', 'D1', '否'], ['A2', '李四', 'D1', '']]))).toMatchObject({
      ok: true,
      updated: 1,
    })
    expect(await organizer()).toEqual([
      ['A1', 0],
      ['A2', 0],
    ])
  })

  it('marks people missing from a re-imported roster as left, only in the units the file covers, and keeps their marks', async () => {
    await run('units', unitsCsv())
    await run('officials', csv(officialsRows(120)))
    await run(
      'sessions',
      csv([
        ['id', 'kind', 'title', 'starts_at', 'unit_code'],
        ['S1', '会前学法', '学法', '2024-03-05 09:00', 'PL'],
      ]),
    )
    await run(
      'attendance',
      csv([
        ['session_id', 'official_id', 'status'],
        ['S1', 'P00001', '出席'],
        ['S1', 'P00031', '迟到'],
      ]),
    )
    // D1S1 holds P00001, P00031, P00061 and P00091: the new file lists D1S1 without the first two.
    const d1s1 = officialsRows(120).filter((r, i) => i === 0 || (r[2] === 'D1S1' && r[0] !== 'P00001' && r[0] !== 'P00031'))
    expect(d1s1.map((r) => r[0])).toEqual(['id', 'P00061', 'P00091'])
    const later = importer(t.db, new ManualClock('2024-09-01T00:00:00Z'))
    expect(await later('officials', csv(d1s1))).toMatchObject({ ok: true, unchanged: 2, left: 2 })
    const left = await t.db.execute('SELECT id, left_at FROM officials WHERE left_at IS NOT NULL ORDER BY id')
    expect(left.rows.map((r) => [r.id, r.left_at])).toEqual([
      ['P00001', '2024-09-01T00:00:00.000Z'],
      ['P00031', '2024-09-01T00:00:00.000Z'],
    ])
    expect(await count(t.db, 'officials')).toBe(120)
    expect((await t.db.execute("SELECT count(*) AS n FROM attendance WHERE source = 'import'")).rows[0]?.n).toBe(2)
    // P00001 comes back: on the roster again; P00031, already marked, is not counted twice
    expect(await later('officials', csv([...d1s1, officialsRows(1)[1]!]))).toMatchObject({ ok: true, updated: 1, unchanged: 2, left: 0 })
    const back = await t.db.execute("SELECT left_at FROM officials WHERE id = 'P00001'")
    expect(back.rows[0]?.left_at).toBeNull()
  })

  it('refuses GBK bytes with one clear problem', async () => {
    const r = await run('officials', new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a]))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems).toHaveLength(1)
    expect(formatProblem(r.problems[0]!)).toMatch(/^line 1, column 文件: 文件不是 UTF-8 编码（很可能是 GBK）/)
  })

  it('rebuilds the paths of a moved subtree and refuses a cycle', async () => {
    await run('units', unitsCsv())
    expect(
      await run(
        'units',
        csv([
          ['单位代码', '单位名称', '上级单位代码'],
          ['D1', '部门1', 'D2S1'],
        ]),
      ),
    ).toMatchObject({ ok: true, updated: 1 })
    const moved = await t.db.execute("SELECT path FROM units WHERE code = 'D1S3'")
    expect(moved.rows[0]?.path).toBe('/PL/D2/D2S1/D1/D1S3/')
    const r = await run(
      'units',
      csv([
        ['code', 'name', 'parent_code'],
        ['D2', '部门2', 'D1S1'],
        ['X', '新单位', 'NONE'],
      ]),
    )
    expect(problemLines(r)).toEqual([
      'line 2, column parent_code: 上级单位形成循环：D2 → D1S1 → D1 → D2S1 → D2',
      'line 3, column parent_code: 上级单位「NONE」不存在（数据库和本文件中都没有）',
    ])
  })

  it('a dry run checks and counts but writes nothing', async () => {
    expect(await run('units', unitsCsv(), { dryRun: true })).toMatchObject({ ok: true, dryRun: true, inserted: 41 })
    expect(await count(t.db, 'units')).toBe(0)
    expect(await count(t.db, 'audit_log')).toBe(0)
  })
})
