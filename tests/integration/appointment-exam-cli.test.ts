/** `xuefa exam assign / outcome / sheet` refuse in Chinese what the dashboard and the API refuse, with exit code 1. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runXuefaHere } from '../helpers/cli.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedOfficials, seedUnits } from '../helpers/seed.js'
import { seedQuestions } from './quiz-fixtures.js'

let t: TestDb | undefined
afterEach(() => t?.cleanup())

describe('xuefa exam (任前)', () => {
  it('refuses an opening time in the past, an outcome for an exam not taken and a 成绩单 nobody sat', async () => {
    t = await createTestDb()
    await seedUnits(t.db, [['SFJ', '司法局']])
    await seedOfficials(t.db, [{ id: 'S1', unitCode: 'SFJ' }])
    await seedQuestions(t.db, { single: 2, multiple: 1, judge: 1 })
    const env = { ...t.env, XUEFA_BANK: 'off' }
    const assign = (opens: string) => runXuefaHere(['exam', 'assign', '--official', 'S1', '--post', '司法局副局长', '--opens', opens], env)

    expect(await assign('2020-01-06 09:00')).toMatchObject({ code: 1, stderr: '开考时间已过，请选择将来的时间。\n' })
    const ok = await assign('2099-01-06 09:00')
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('已安排任前法律知识考试 #1：S1')

    const outcome = await runXuefaHere(['exam', 'outcome', '--official', 'S1', '--outcome', '撤回提名'], env)
    expect(outcome).toMatchObject({ code: 1, stderr: '该任前考试还没有参加，不能记录结果（暂缓任用、撤回提名也须在考试之后记录）。\n' })
    const out = join(t.url.slice('file:'.length), '..', 'sheet.docx')
    const sheet = await runXuefaHere(['exam', 'sheet', '--official', 'S1', '--out', out], env)
    expect(sheet).toMatchObject({ code: 1, stderr: '该任前考试还没有人参加，没有成绩单可以生成。\n' })
    expect(existsSync(out)).toBe(false)
    expect(await runXuefaHere(['exam', 'outcome', '--official', 'NOPE', '--outcome', '通过'], env)).toMatchObject({
      code: 1,
      stderr: 'NOPE 没有任前法律知识考试记录。\n',
    })
  })
})
