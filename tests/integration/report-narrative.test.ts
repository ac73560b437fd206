/**
 * Issue 21 items 1–3: the narrative reads like the seeds on the seed years — short sentences each with its figures,
 * each meeting body named once, the laws with the meetings, 人次 and 人 for every training and lecture (exact, or the
 * seeds' round style on request), the 任职培训 hours said, 100% not 100.0%, and one term per figure in the narrative
 * and the tables alike.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { TZ } from '../helpers/report-fixtures.js'
import { buildCounty, buildSeed000, buildSeed003, buildSeed004 } from '../helpers/report-county.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { reportTables } from '../../src/reports/report-tables.js'
import type { AnnualReport } from '../../src/reports/report.types.js'
import type { Db } from '../../src/storage/db.js'

let t: TestDb | undefined
afterEach(() => {
  t?.cleanup()
  t = undefined
})

async function reportOf(build: (db: Db) => Promise<void>, year: number, unitCode?: string, rounded = false): Promise<AnnualReport> {
  t = await createTestDb()
  await build(t.db)
  return buildAnnualReport(t.db, { year, unitCode, tz: TZ, rounded })
}

/** The seed years the project tests, each as a report. */
const YEARS: [name: string, build: (db: Db) => Promise<void>, year: number, unit?: string][] = [
  ['county 2024 PL', buildCounty, 2024, 'PL'],
  ['county 2023 PL', buildCounty, 2023, 'PL'],
  ['county 2024, every unit', buildCounty, 2024],
  ['seed 004', buildSeed004, 2023, 'PL'],
  ['seed 003', buildSeed003, 2023],
  ['seed 000', buildSeed000, 2019, 'LS'],
  [
    'seed 003 with a third body',
    async (db) => {
      await buildSeed003(db)
      await db.execute({ sql: "UPDATE sessions SET body = '区政府党组会议' WHERE id IN ('P9', 'P10')", args: [] })
    },
    2023,
  ],
]

const sentencesOf = (r: AnnualReport): string[] => r.narrative.flatMap((p) => p.split(/(?<=[。；])/)).filter((s) => s !== '')

/** A figure in 人 never carries a part in 人次 (「考试9人（含补考1人次）」), nor the other way round. */
function mixedUnits(text: string): string[] {
  const bad: string[] = []
  for (const m of text.matchAll(/\d+(人次|人)（([^）]*)）/g)) {
    const inner = [...(m[2] ?? '').matchAll(/\d+(人次|人)/g)].map((x) => x[1])
    if (inner.some((u) => u !== m[1])) bad.push(m[0])
  }
  return bad
}

/** Words the report no longer uses for a figure it names another way. */
const RETIRED = ['应到', '实际参学', '平均得分', '实考', '考试覆盖率', '（含补考', '每期']

describe('the narrative on the seed years', () => {
  it.each(YEARS)(
    '%s: short sentences, each with its figures, 100% not 100.0%, units never mixed, the tables in the same words',
    async (_, build, year, unit) => {
      const r = await reportOf(build, year, unit)
      const sentences = sentencesOf(r)
      expect(sentences.length).toBeGreaterThan(1)
      for (const s of sentences) {
        expect(s.length, s).toBeLessThanOrEqual(100)
        expect(s.split('，').length, s).toBeLessThanOrEqual(5)
        expect(s, 'a sentence with neither a figure nor a law').toMatch(/\d|《/)
      }
      const text = r.narrative.join('')
      expect(text).not.toMatch(/\d\.0(%|个百分点)/)
      expect(text).not.toMatch(/[^0-9.]0(次|人|学时)/)
      expect(mixedUnits(text)).toEqual([])
      for (const word of RETIRED) expect(text).not.toContain(word)
      for (const b of r.sessions.preMeetingByBody) if (b.body) expect(text.split(b.body), b.body).toHaveLength(2)

      // the tables use the narrative's words and no retired one
      const cells = reportTables(r).flatMap((tb) => [tb.title, ...tb.header, ...tb.rows.flat()])
      const all = cells.join('\n')
      for (const word of RETIRED) expect(all).not.toContain(word)
      expect(all).not.toMatch(/\d\.0%/)
      // each pass rate keeps its own word, in the tables as in the narrative
      expect(cells.filter((c) => /合格率|通过率|及格率/.test(c)).sort()).toEqual([
        '任前法律知识考试·通过率',
        '会前学法测试·合格率',
        '年度学法考试·及格率',
        '行政执法资格考试·通过率',
      ])
    },
  )

  it('names in the narrative, with its value, every figure the tables name (county 2024)', async () => {
    const r = await reportOf(buildCounty, 2024, 'PL')
    const text = r.narrative.join('')
    const figures = reportTables(r).find((tb) => tb.title.startsWith('出勤情况'))
    const value = (label: string) => figures?.rows.find((row) => row[0] === label)?.[1]
    const pairs: [label: string, inText: (v: string) => string][] = [
      ['出勤情况·应参学人次', (v) => `应参学${v}人次`],
      ['出勤情况·参学人次', (v) => `参学${v}人次`],
      ['出勤情况·参学人数', (v) => `共${v}人参学`],
      ['出勤情况·出勤率', (v) => `出勤率${v}`],
      ['会前学法测试·应参加人次', (v) => `应参加${v}人次`],
      ['会前学法测试·完成人次', (v) => `完成${v}人次`],
      ['会前学法测试·完成率', (v) => `完成率${v}`],
      ['会前学法测试·平均分', (v) => `平均分${v}分`],
      ['会前学法测试·合格率', (v) => `合格率${v}`],
      ['任前法律知识考试·应考人数', (v) => `应考${v}人`],
      ['任前法律知识考试·参考人数', (v) => `参考${v}人`],
      ['任前法律知识考试·参考率', (v) => `参考率${v}`],
      ['任前法律知识考试·通过人数', (v) => `通过${v}人`],
      ['任前法律知识考试·通过率', (v) => `通过率${v}`],
      ['任前法律知识考试·补考人次', (v) => `补考${v}人次`],
      ['任前法律知识考试·暂缓任用', (v) => `暂缓任用${v}人`],
      ['任前法律知识考试·撤回提名', (v) => `撤回提名${v}人`],
      ['行政执法资格考试·期数', (v) => `${v}期`],
      ['行政执法资格考试·参考人次', (v) => `期${v}人次`],
      ['行政执法资格考试·通过率', (v) => `通过率为${v}`],
      ['年度学法考试·应考人数', (v) => `应考${v}人`],
      ['年度学法考试·参考人数', (v) => `参考${v}人`],
      ['年度学法考试·参考率', (v) => `参考率${v}`],
      ['年度学法考试·及格率', (v) => `及格率${v}`],
      ['年度学法考试·平均分', (v) => `平均分${v}分`],
    ]
    for (const [label, inText] of pairs) {
      const v = value(label)
      expect(v, label).toBeDefined()
      expect(text, label).toContain(inText(v ?? ''))
    }
    const reach = reportTables(r).find((tb) => tb.title === '各类学法活动参学情况')
    expect(reach?.header).toEqual(['类型', '次数', '参学人次', '参学人数'])
    expect(reach?.rows).toContainEqual(['法治专题讲座', '1', '2', '2'])
  })

  it('leaves a kind with no attendance recorded out of the reach table, as the narrative does (seed 003: no table)', async () => {
    const r = await reportOf(buildSeed003, 2023)
    expect(r.sessions.byKind.lecture).toBe(8)
    expect(r.narrative.join('')).not.toContain('人参学')
    expect(reportTables(r).map((tb) => tb.title)).not.toContain('各类学法活动参学情况')
  })
})

describe('how many people a training reached (seed 000)', () => {
  it('gives 人次 and 人 for every training, exactly by default', async () => {
    const r = await reportOf(buildSeed000, 2019, 'LS')
    expect(r.sessions.reachByKind.enforcement_training).toEqual({ personTimes: 312, people: 160 })
    expect(r.sessions.reachByKind.appointment_training).toEqual({ personTimes: 30, people: 30 })
    const text = r.narrative.join('')
    expect(text).toContain(
      '2019年，齐齐哈尔市龙沙区人民政府坚持领导干部学法制度，区政府常务会议开展会前学法12次、区委常委会8次，' +
        '学习《中华人民共和国行政复议法》《中华人民共和国宪法》等法律法规。',
    )
    expect(text).toContain('组织执法人员培训2次，学习《中华人民共和国行政处罚法》等法律法规，共160人参学312人次。')
    expect(text).toContain('开展任职培训法律课程1次，法律课程不少于12学时，学习《中华人民共和国民法典》等法律法规，共30人参学30人次。')
  })

  it('writes them in the seeds round style on request: 300余人次, 百余人', async () => {
    const r = await reportOf(buildSeed000, 2019, 'LS', true)
    const text = r.narrative.join('')
    expect(text).toContain('组织执法人员培训2次，学习《中华人民共和国行政处罚法》等法律法规，共百余人参学300余人次。')
    expect(text).toContain('共30人参学30人次')
    // the rates and the year's totals stay exact
    expect(text).toContain(`全年应参学${r.attendance.expected}人次，参学${r.attendance.personTimes}人次`)
  })

  it('says the hours of a 任职培训 that falls short of the 12', async () => {
    t = await createTestDb()
    await buildSeed000(t.db)
    await t.db.execute({ sql: "UPDATE sessions SET hours = 8 WHERE id = 'R1'", args: [] })
    const r = await buildAnnualReport(t.db, { year: 2019, unitCode: 'LS', tz: TZ })
    expect(r.sessions.appointmentTrainingHours).toEqual([8])
    expect(r.targets.find((x) => x.id === 'appointment_training_hours')).toMatchObject({ actual: 8, met: false })
    const text = r.narrative.join('')
    expect(text).toContain('开展任职培训法律课程1次，法律课程8学时，')
    expect(text).not.toContain('不少于12学时')
  })
})

describe('a report of every unit', () => {
  it('opens with 各单位, as a writer would, not with the table name 全部单位', async () => {
    const r = await reportOf(buildCounty, 2024)
    expect(r.unit.name).toBe('全部单位')
    expect(r.narrative[0]).toMatch(/^2024年，各单位坚持领导干部学法制度，/)
    expect(r.narrative.join('')).not.toContain('全部单位')
  })
})

describe('a long 会前学法 sentence', () => {
  it('gives the laws a sentence of their own, still with the meetings', async () => {
    const r = await reportOf(async (db) => {
      await buildSeed003(db)
      await db.execute({ sql: "UPDATE sessions SET body = '区政府党组会议' WHERE id IN ('P9', 'P10')", args: [] })
    }, 2023)
    expect(r.narrative[0]).toContain(
      '区政府常务会议开展会前学法6次、区政府党组会议2次、区长办公会议2次。会上学习《中华人民共和国行政复议法》《中华人民共和国行政处罚法》等法律法规。',
    )
  })
})
