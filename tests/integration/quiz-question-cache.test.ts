import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findQuestions } from '../../src/quizzes/questions.repo.js'
import { runImport } from '../../src/imports/import.service.js'
import { ManualClock } from '../../src/clock.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const clock = new ManualClock('2024-03-01T00:00:00Z')
const csv = (stem: string) =>
  new TextEncoder().encode(`id,type,stem,option_a,option_b,answer,law,article\nQ1,单选,${stem},甲,乙,A,中华人民共和国行政复议法,第二十条\n`)
const importQuestions = (db: TestDb['db'], stem: string) =>
  runImport(db, 'questions', { bytes: csv(stem), filename: 'q.csv' }, { tz: 'Asia/Shanghai', clock, actor: 'test' })

let a: TestDb
let b: TestDb
beforeEach(async () => {
  a = await createTestDb(clock)
  b = await createTestDb(clock)
})
afterEach(() => {
  a.cleanup()
  b.cleanup()
})

describe('questions kept in memory', () => {
  it('sees a re-imported question at once, and never mixes up two databases', async () => {
    expect((await importQuestions(a.db, '旧题干')).ok).toBe(true)
    expect((await importQuestions(b.db, '另一个库的题干')).ok).toBe(true)
    expect((await findQuestions(a.db, ['Q1'])).get('Q1')?.stem).toBe('旧题干')
    expect((await findQuestions(b.db, ['Q1'])).get('Q1')?.stem).toBe('另一个库的题干')
    expect((await importQuestions(a.db, '新题干')).ok).toBe(true)
    expect((await findQuestions(a.db, ['Q1'])).get('Q1')?.stem).toBe('新题干')
    // a change made by any writer, e.g. another process, is seen too: the version lives in the database
    await a.db.batch(["UPDATE questions SET stem = '直接改的题干' WHERE id = 'Q1'"])
    expect((await findQuestions(a.db, ['Q1'])).get('Q1')?.stem).toBe('直接改的题干')
  })
})
