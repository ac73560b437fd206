import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { DEFAULT_BANK_DIR, loadStarterBank, parseMaterial } from '../../src/imports/bank.service.js'
import { retireQuestion } from '../../src/quizzes/questions.service.js'
import { listDrawableQuestions } from '../../src/quizzes/questions.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const tz = 'Asia/Shanghai'
const clock = new ManualClock('2024-01-02T00:00:00Z')
let t: TestDb
beforeEach(async () => {
  t = await createTestDb(clock)
})
afterEach(() => t.cleanup())

const count = async (sql: string) => Number((await t.db.execute(sql)).rows[0]!.n)

describe('the shipped starter bank', () => {
  it('imports cleanly; every question has a law, an article and an answer within its options', async () => {
    const loaded = await loadStarterBank(t.db, { tz, clock })
    expect(loaded.status).toBe('loaded')
    const lines = readFileSync(join(DEFAULT_BANK_DIR, 'questions.csv'), 'utf8').trim().split('\n').length - 1
    const questions = (await t.db.execute('SELECT id, type, options_json, answer, law_title, article FROM questions')).rows
    expect(questions.length).toBeGreaterThanOrEqual(150)
    expect(questions.length).toBeLessThanOrEqual(lines)
    const problems: string[] = []
    for (const q of questions) {
      const options = JSON.parse(String(q.options_json)) as string[]
      const answer = String(q.answer)
      if (!String(q.law_title).trim()) problems.push(`${q.id}: no law`)
      if (!q.article || !String(q.article).trim()) problems.push(`${q.id}: no article`)
      if (q.type === 'judge' && !['T', 'F'].includes(answer)) problems.push(`${q.id}: judge answer ${answer}`)
      if (q.type === 'single' && !(answer.length === 1 && 'ABCDEF'.indexOf(answer) < options.length))
        problems.push(`${q.id}: single answer ${answer}`)
      if (
        q.type === 'multiple' &&
        !(answer.length >= 2 && [...answer].every((l) => 'ABCDEF'.indexOf(l) >= 0 && 'ABCDEF'.indexOf(l) < options.length))
      )
        problems.push(`${q.id}: multiple answer ${answer}`)
    }
    expect(problems).toEqual([])
    expect(await count('SELECT COUNT(DISTINCT law_title) AS n FROM questions')).toBeGreaterThanOrEqual(8)
    // every law of the bank has its study material
    const laws = (await t.db.execute('SELECT DISTINCT law_title FROM questions')).rows.map((r) => String(r.law_title))
    const materialLaws = new Set((await t.db.execute('SELECT law_title FROM materials')).rows.map((r) => String(r.law_title)))
    expect(laws.filter((l) => !materialLaws.has(l))).toEqual([])
  })
})

describe('loadStarterBank', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xuefa-bank-'))
    mkdirSync(join(dir, 'materials'))
    writeFileSync(
      join(dir, 'questions.csv'),
      [
        'id,type,stem,option_a,option_b,option_c,option_d,option_e,option_f,answer,explanation,law,article,tags',
        'K1,单选,题一,甲,乙,丙,丁,,,B,因为,《中华人民共和国行政许可法》,第一条,许可;会前学法',
        'K2,判断,题二,,,,,,,错,因为,中华人民共和国行政许可法,第二条,',
      ].join('\n'),
    )
    writeFileSync(join(dir, 'materials', 'xzxk.md'), '# 《中华人民共和国行政许可法》学习材料\n\n## 条文\n第一条 ……\n')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('loads questions and materials once, and is skipped when the deployment opts out', async () => {
    expect(await loadStarterBank(t.db, { tz, clock, dir, bank: 'off' })).toEqual({ status: 'skipped' })
    expect(await count('SELECT COUNT(*) AS n FROM questions')).toBe(0)
    expect(await loadStarterBank(t.db, { tz, clock, dir })).toEqual({
      status: 'loaded',
      questions: { inserted: 2, updated: 0, unchanged: 0 },
      materials: 1,
    })
    expect(await loadStarterBank(t.db, { tz, clock, dir })).toEqual({ status: 'unchanged' })
    const [m] = (await t.db.execute('SELECT slug, law_title, title, source FROM materials')).rows
    expect({ ...m }).toEqual({
      slug: 'xzxk',
      law_title: '中华人民共和国行政许可法',
      title: '《中华人民共和国行政许可法》学习材料',
      source: 'bank',
    })
    const [k2] = (await t.db.execute(`SELECT answer, law_title FROM questions WHERE id = 'K2'`)).rows
    expect({ ...k2 }).toEqual({ answer: 'F', law_title: '中华人民共和国行政许可法' })
  })

  it('keeps a retired question retired when the bank is loaded again', async () => {
    await loadStarterBank(t.db, { tz, clock, dir })
    await retireQuestion({ db: t.db, clock }, 'K1', { actor: 'test' })
    writeFileSync(join(dir, 'materials', 'xzxk.md'), '# 《中华人民共和国行政许可法》学习材料\n\n第一条 修改后\n')
    expect((await loadStarterBank(t.db, { tz, clock, dir })).status).toBe('loaded')
    expect((await listDrawableQuestions(t.db)).map((q) => q.id)).toEqual(['K2'])
    expect(await count(`SELECT COUNT(*) AS n FROM materials WHERE body_md LIKE '%修改后%'`)).toBe(1)
    await expect(retireQuestion({ db: t.db, clock }, 'NOPE', { actor: 'test' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a broken bank without importing any of it', async () => {
    writeFileSync(join(dir, 'questions.csv'), 'id,type,stem,option_a,option_b,answer,law\nX1,单选,题,甲,乙,C,某法\n')
    await expect(loadStarterBank(t.db, { tz, clock, dir })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await count('SELECT COUNT(*) AS n FROM questions')).toBe(0)
  })

  it.each([
    ['# 《中华人民共和国宪法》学习材料\n正文', '中华人民共和国宪法'],
    ['前言\n# 优化营商环境条例 要点\n', null],
  ])('reads the law of a material from its heading', (md, law) => {
    expect(parseMaterial(md).lawTitle).toBe(law)
  })
})
