/**
 * A county per namespace of one libSQL server (sqld --enable-namespaces), and the province roll-up (issue 19): created
 * and migrated by `xuefa namespace create`, listed by `xuefa county add`, summed by `xuefa report rollup` and
 * GET /api/v1/reports/rollup. Three counties: 平罗 (tests/helpers/report-county.ts), 惠农 (built here; C1 moved there from
 * 平罗 in the year, and its A1 is another person than 平罗's A1) and 赣榆 (seed 003: only the year before).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../../src/access/tokens.service.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createHttpApp } from '../../src/http/app.js'
import { RollupSchema } from '../../src/http/api/rollup.schema.js'
import { silentLogger } from '../../src/log.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { rate, roundTo } from '../../src/reports/report.rules.js'
import { contractFigures } from '../../src/reports/rollup.rules.js'
import { addRollupCounty, buildRollup } from '../../src/reports/rollup.service.js'
import type { Rollup, RollupFigures } from '../../src/reports/rollup.types.js'
import { openDb, type Db } from '../../src/storage/db.js'
import { runXuefaHere } from '../helpers/cli.js'
import { buildCounty, buildSeed003, LAW_ANQUAN, LAW_FUYI } from '../helpers/report-county.js'
import { addExam, addOfficials, addQuiz, addAttempts, addResults, addSessions, addUnits, mark, TZ } from '../helpers/report-fixtures.js'
import { startSqld, type Sqld } from '../helpers/sqld.js'

let server: Sqld
let env: Record<string, string>
const open = (namespace: string): Promise<Db> => openDb(server.url, { namespace, authToken: server.token() })
const COUNTIES = ['pingluo', 'huinong', 'ganyu'] as const
const ADMIN_KEY = 'an-admin-key-of-the-province'

beforeAll(async () => {
  // JWT auth on the databases (one token of the server's key reaches every namespace), a key on the admin API
  server = await startSqld({ namespaces: true, jwt: true, adminKey: ADMIN_KEY })
  env = {
    XUEFA_DB_URL: server.url,
    XUEFA_DB_AUTH_TOKEN: server.token(),
    XUEFA_DB_ADMIN_URL: server.adminUrl ?? '',
    XUEFA_DB_ADMIN_TOKEN: ADMIN_KEY,
    XUEFA_DB_NAMESPACE: 'province',
    XUEFA_BANK: 'off',
  }
})
afterAll(() => server?.stop())

/** 惠农: C1 (same 编号, same 姓名 as in 平罗) joined in August; its A1 is 李四, not 平罗's 干部A1. */
async function buildHuinong(db: Db): Promise<void> {
  await addUnits(db, [['HN', '石嘴山市惠农区人民政府']])
  await addOfficials(db, [
    ['C1', 'HN', '2024-08-01'],
    ['H1', 'HN'],
    ['H2', 'HN'],
    ['A1', 'HN'],
  ])
  await db.execute({ sql: "UPDATE officials SET name = '李四' WHERE id = 'A1'", args: [] })
  await addSessions(db, [
    { id: 'T1', kind: 'lecture', startsAt: '2024-09-10 09:00', unit: 'HN', hours: 2, laws: [LAW_FUYI] },
    { id: 'T2', kind: 'pre_meeting', startsAt: '2024-10-08 09:00', unit: 'HN', body: '县政府常务会议', laws: [LAW_ANQUAN] },
    { id: 'T3', kind: 'pre_meeting', startsAt: '2023-05-05 09:00', unit: 'HN', body: '区政府常务会议', hours: 1 },
  ])
  await mark(db, 'T1', [
    ['C1', 'present'],
    ['H1', 'present'],
    ['H2', 'absent'],
    ['A1', 'late'],
  ])
  await mark(db, 'T2', [
    ['C1', 'late'],
    ['H1', 'excused'],
  ])
  await mark(db, 'T3', [['H1', 'present']])
  const q = await addQuiz(db, 'T1')
  await addAttempts(db, q, [
    { officialId: 'C1', score: 80, passed: true },
    { officialId: 'H1', score: 55, passed: false },
    { officialId: 'A1', score: 95, passed: true },
  ])
  await addExam(db, { kind: 'annual', officialId: 'A1', opensAt: '2024-12-01 09:00' })
  await addResults(db, [
    { kind: 'appointment', officialId: 'C1', takenAt: '2024-09-20 09:00', score: 90, passed: true },
    { kind: 'enforcement_cert', officialId: 'H2', takenAt: '2024-05-18 09:00', score: 70, passed: true },
    { kind: 'annual', officialId: 'A1', takenAt: '2024-12-10 09:00', score: 78, passed: true },
  ])
}

const get = (f: RollupFigures, path: string): number =>
  path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], f) as number

/** Figures added up across counties whoever they are: per session, per person-time, per sitting. */
const SUMMED = [
  'sessions.held',
  'sessions.byKind.pre_meeting',
  'sessions.byKind.lecture',
  'sessions.byKind.topic_study',
  'sessions.byKind.other',
  'attendance.expected',
  'attendance.present',
  'attendance.late',
  'attendance.excused',
  'attendance.makeup',
  'attendance.absent',
  'attendance.personTimes',
  'quizzes.assigned',
  'quizzes.completed',
  'exams.appointment.makeups',
  'exams.enforcement_cert.sittings',
  'exams.enforcement_cert.personTimes',
  'exams.enforcement_cert.passed',
]

describe('a county per namespace', () => {
  it('`xuefa namespace create` creates a namespace through the admin API and migrates it; again, it is kept and up to date', async () => {
    const first = await runXuefaHere(['namespace', 'create', 'province'], env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^已创建命名空间 province\n已应用迁移: 0001_init\.sql, .*0018_rollup_counties\.sql\n$/)
    for (const name of COUNTIES) {
      // ganyu with the starter bank, as `xuefa migrate` loads it
      const bank: Record<string, string> = name === 'ganyu' ? { XUEFA_BANK: 'on' } : {}
      const r = await runXuefaHere(['namespace', 'create', name, ...(name === 'pingluo' ? ['--county'] : [])], { ...env, ...bank })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      if (name === 'ganyu') expect(r.stdout).toMatch(/\n已载入入门题库: 新增 \d+ 题/)
      if (name === 'pingluo') expect(r.stdout).toMatch(/\n已登记县（市、区）pingluo（全部单位）/)
    }
    const again = await runXuefaHere(['namespace', 'create', 'pingluo'], env)
    expect(again).toMatchObject({ code: 0, stderr: '' })
    expect(again.stdout).toMatch(/^命名空间 pingluo 已存在\n数据库已是最新 \(\d+ 个迁移\)\n$/)
    // each is a database of its own: the province's list names pingluo, pingluo's own list is empty
    expect((await runXuefaHere(['county', 'list'], env)).stdout).toBe('pingluo\n')
    expect((await runXuefaHere(['county', 'list'], { ...env, XUEFA_DB_NAMESPACE: 'pingluo' })).stdout).toMatch(/汇总名单是空的/)
  })

  it('refuses in one line: no admin URL, a file database, a bad name, a county that is not there, the province itself', async () => {
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['namespace', 'create', 'wuzhong'], { ...env, XUEFA_DB_ADMIN_URL: '' }, 2, /请设置 XUEFA_DB_ADMIN_URL/],
      [['namespace', 'create', 'wuzhong'], { ...env, XUEFA_DB_URL: 'file:./nowhere.db' }, 2, /XUEFA_DB_URL 应为 http/],
      [['namespace', 'create', 'Wu_Zhong'], env, 1, /命名空间名「Wu_Zhong」无效/],
      [
        ['namespace', 'create', 'wuzhong'],
        { ...env, XUEFA_DB_ADMIN_TOKEN: '' },
        2,
        /管理接口 http:\/\/127\.0\.0\.1:\d+ 要求密钥（HTTP 401）/,
      ],
      [['namespace', 'create', 'wuzhong'], { ...env, XUEFA_DB_ADMIN_TOKEN: 'wrong' }, 2, /不接受 XUEFA_DB_ADMIN_TOKEN（HTTP 401）/],
      [['county', 'list'], { ...env, XUEFA_DB_AUTH_TOKEN: '' }, 2, /要求令牌（HTTP 401）：请设置 XUEFA_DB_AUTH_TOKEN/],
      [['county', 'add', 'wuzhong'], env, 2, /没有命名空间 wuzhong（HTTP 404）：请先用 xuefa namespace create wuzhong 创建/],
      [['county', 'add', 'province'], env, 1, /province 是本数据库自己的命名空间/],
      [['county', 'remove', 'wuzhong'], env, 1, /wuzhong 不在汇总名单中/],
    ]
    for (const [args, e, code, message] of cases) {
      const r = await runXuefaHere(args, e)
      expect(r.code, args.join(' ')).toBe(code)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      // no key or token is ever printed
      expect(r.stderr).not.toContain(ADMIN_KEY)
      expect(r.stderr).not.toContain(env.XUEFA_DB_AUTH_TOKEN)
      if (e.XUEFA_DB_ADMIN_TOKEN) expect(r.stderr).not.toContain(e.XUEFA_DB_ADMIN_TOKEN)
    }
  })

  it('refuses to list a county on a server without namespaces, where every name reaches the one database', async () => {
    const plain = await startSqld()
    try {
      const e = { XUEFA_DB_URL: plain.url, XUEFA_DB_NAMESPACE: 'province', XUEFA_BANK: 'off' }
      const r = await runXuefaHere(['county', 'add', 'pingluo'], e)
      expect(r).toMatchObject({ code: 2, stdout: '' })
      expect(r.stderr).toMatch(/^命名空间 pingluo 与本数据库是同一个数据库：.*--enable-namespaces/)
      expect((await runXuefaHere(['county', 'list'], e)).stdout).toMatch(/汇总名单是空的/)
    } finally {
      await plain.stop()
    }
  })
})

describe('the province roll-up', () => {
  let rollup: Rollup
  const own = new Map<string, RollupFigures>()

  beforeAll(async () => {
    const builders: Record<(typeof COUNTIES)[number], (db: Db) => Promise<void>> = {
      pingluo: buildCounty,
      huinong: buildHuinong,
      ganyu: buildSeed003,
    }
    for (const name of COUNTIES) {
      const db = await open(name)
      try {
        await builders[name](db)
        own.set(name, contractFigures(await buildAnnualReport(db, { year: 2024, tz: TZ })))
      } finally {
        db.close()
      }
    }
    for (const name of ['huinong', 'ganyu']) {
      const r = await runXuefaHere(['county', 'add', name], env)
      expect(r).toMatchObject({ code: 0, stderr: '' })
      expect(r.stdout).toMatch(new RegExp(`^已登记县（市、区）${name}（`))
    }
    const province = await open('province')
    try {
      rollup = await buildRollup({ db: province, openCounty: open }, { year: 2024, tz: TZ })
    } finally {
      province.close()
    }
  })

  it("gives each county's figures exactly as its own annual report has them, in the order they were added", () => {
    expect(rollup.counties.map((c) => c.namespace)).toEqual([...COUNTIES])
    expect(rollup.counties.map((c) => c.unit.name)).toEqual(['全部单位', '石嘴山市惠农区人民政府', '连云港市赣榆区人民政府'])
    for (const c of rollup.counties) {
      const { namespace, unit: _unit, ...figures } = c
      expect(figures, namespace).toEqual(own.get(namespace))
    }
  })

  it('sums person-times, sessions and sittings; counts the official who moved once; recomputes every rate from the totals', () => {
    const [p, h, g] = COUNTIES.map((n) => own.get(n) as RollupFigures) as [RollupFigures, RollupFigures, RollupFigures]
    for (const path of SUMMED) expect(get(rollup.total, path), path).toBe(get(p, path) + get(h, path) + get(g, path))
    expect(rollup.total.sessions.hours).toBe(p.sessions.hours + h.sessions.hours + g.sessions.hours)
    // the laws and the meetings merged: 行政复议法 at S1, S2, S6 (平罗) and T1 (惠农)
    expect(rollup.total.sessions.laws[0]).toEqual({ title: LAW_FUYI, sessions: 4 })
    expect(rollup.total.sessions.preMeetingByBody.find((b) => b.body === '县政府常务会议')?.count).toBe(
      (p.sessions.preMeetingByBody.find((b) => b.body === '县政府常务会议')?.count ?? 0) + 1,
    )

    // C1 attended and sat a 任前 exam in both counties: one person; 惠农's A1 (李四) is not 平罗's A1 (干部A1)
    expect(rollup.moved).toEqual([
      {
        id: 'C1',
        counties: [
          { namespace: 'pingluo', name: '干部C1' },
          { namespace: 'huinong', name: '干部C1' },
        ],
      },
    ])
    expect(rollup.sameIdOtherName.map((s) => s.id)).toEqual(['A1'])
    expect(h.attendance.people).toBe(3) // C1, H1 and 李四
    expect(rollup.total.attendance.people).toBe(p.attendance.people + h.attendance.people + g.attendance.people - 1)
    const [pa, ha, ta] = [p.exams.appointment, h.exams.appointment, rollup.total.exams.appointment]
    expect(ha).toMatchObject({ candidates: 1, tested: 1, passed: 1 })
    expect(ta.candidates).toBe(pa.candidates + ha.candidates - 1)
    expect(ta.tested).toBe(pa.tested + ha.tested - 1)
    expect(ta.passed).toBe(pa.passed + ha.passed - 1)
    expect(ta.deferred).toBe(pa.deferred + ha.deferred)
    // the annual exam: 李四 counts beside 平罗's three, his 78 in the average of best scores
    const [pn, tn] = [p.exams.annual, rollup.total.exams.annual]
    expect(tn.enrolled).toBe(pn.enrolled + 1)
    expect(tn.tested).toBe(pn.tested + 1)

    // rates from the totals, not the counties' rates averaged
    const t = rollup.total
    expect(t.attendance.rate).toBe(rate(t.attendance.personTimes, t.attendance.expected))
    expect(t.attendance.rate).not.toBe(rate((p.attendance.rate ?? 0) + (h.attendance.rate ?? 0), 2))
    expect(t.quizzes.completionRate).toBe(rate(t.quizzes.completed, t.quizzes.assigned))
    expect(t.exams.appointment.coverage).toBe(rate(ta.tested, ta.candidates))
    expect(t.exams.enforcement_cert.passRate).toBe(rate(t.exams.enforcement_cert.passed, t.exams.enforcement_cert.personTimes))
    expect(t.exams.annual.participationRate).toBe(rate(tn.tested, tn.enrolled))
    // the quizzes' average and pass rate from the scores themselves: 平罗 305 over 5, 3 passed (A1 80, C1 70 at S1; B1 55,
    // C1 60 at S2; C1 40 at S6) and 惠农 230 over 3, 2 passed (C1 80, H1 55, 李四 95): 535 / 8 and 5 / 8 — where the
    // counties' own rates averaged would give (0.6 + 0.6667) / 2
    expect([p.quizzes.passRate, h.quizzes.passRate]).toEqual([0.6, 0.6667])
    expect(t.quizzes).toMatchObject({ completed: 8, averageScore: 66.9, passRate: 0.625 })
  })

  it('sums the year before (赣榆 held its sessions only then) and gives the changes of the total rates', () => {
    expect(rollup.previousYear?.sessions.held).toBe(18 + 1 + 1) // 赣榆's 18, 惠农's T3, 平罗's S0
    expect(rollup.previousYear?.sessions.byKind.lecture).toBe(8)
    expect(rollup.counties[2]?.sessions.held).toBe(0)
    const before = rollup.previousYear as RollupFigures
    expect(before.attendance.rate).not.toBeNull()
    expect(rollup.changes['attendance.rate']).toBe(roundTo((rollup.total.attendance.rate ?? 0) - (before.attendance.rate ?? 0), 4))
  })

  it('`xuefa report rollup` prints the same JSON, and a Markdown table with a row per county and the total', async () => {
    const json = await runXuefaHere(['report', 'rollup', '--year', '2024'], env)
    expect(json).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(json.stdout)).toEqual(rollup)
    const md = await runXuefaHere(['report', 'rollup', '--year', '2024', '--format', 'md'], env)
    expect(md).toMatchObject({ code: 0, stderr: '' })
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    expect(rows.map((l) => l.split(' | ')[0])).toEqual([
      '| 县（市、区）',
      '| 全部单位（pingluo）',
      '| 石嘴山市惠农区人民政府',
      '| 连云港市赣榆区人民政府',
      '| 合计',
    ])
    expect(rows.at(-1)).toContain(` | ${rollup.total.sessions.held} | `)
    expect(md.stdout).toContain('调动')
    // the clash is listed with the counties whose rosters to check
    expect(md.stdout).toContain('- A1：全部单位（pingluo）、石嘴山市惠农区人民政府\n')
    // the annual report itself is still `report --year`
    const annual = await runXuefaHere(['report', '--year', '2024'], { ...env, XUEFA_DB_NAMESPACE: 'huinong' })
    expect(JSON.parse(annual.stdout)).toMatchObject({ year: 2024, unit: { name: '石嘴山市惠农区人民政府' } })
  })

  it('a listed county whose database is gone is named in one line; `xuefa county remove` takes it off the list', async () => {
    const province = await open('province')
    try {
      await addRollupCounty(province, 'gone', new Date('2025-01-10T00:00:00.000Z'), { actor: 'test' })
    } finally {
      province.close()
    }
    const r = await runXuefaHere(['report', 'rollup', '--year', '2024'], env)
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr).toMatch(/^汇总名单中的县（市、区）gone 读取失败（.*404.*）：.*xuefa county remove gone/)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toContain(env.XUEFA_DB_AUTH_TOKEN)
    const removed = await runXuefaHere(['county', 'remove', 'gone'], env)
    expect(removed).toMatchObject({ code: 0, stderr: '', stdout: '已从汇总名单中移除 gone（它的数据库不变）\n' })
    expect((await runXuefaHere(['county', 'list'], env)).stdout).toBe(`${COUNTIES.join('\n')}\n`)
  })

  it('GET /api/v1/reports/rollup: the same JSON for an admin token, in /openapi.json; refused to other tokens', async () => {
    const db = await open('province')
    try {
      const clock = new ManualClock('2025-01-10T00:00:00.000Z')
      const config = loadConfig({ ...env, XUEFA_BOT: 'off' })
      const app = createHttpApp({ db, clock, config, logger: silentLogger, openCounty: open })
      const token = async (role: 'admin' | 'reporter', unitCode: string | null = null) =>
        (await createApiToken({ db, clock }, { role, unitCode }, { actor: 'test' })).token
      const ask = async (t: string, query = 'year=2024') =>
        app.request(`/api/v1/reports/rollup?${query}`, { headers: { authorization: `Bearer ${t}` } })
      const admin = await token('admin')
      const ok = await ask(admin)
      expect(ok.status).toBe(200)
      const body = await ok.json()
      expect(body).toEqual(rollup)
      // the schema in /openapi.json describes every field of it (zod drops what it does not know)
      expect(RollupSchema.parse(body)).toEqual(body)
      const md = await ask(admin, 'year=2024&format=md')
      expect(md.status).toBe(200)
      expect(md.headers.get('content-disposition')).toContain('xuefa-rollup-2024.md')
      expect(await md.text()).toContain('| 合计 |')
      expect((await ask(await token('reporter'))).status).toBe(403)
      // an admin token limited to a unit reaches one unit, not the province
      await addUnits(db, [['SJ', '省司法厅']])
      expect((await ask(await token('admin', 'SJ'))).status).toBe(403)
      expect((await ask(admin, 'year=19')).status).toBe(400)
      const spec = (await (await app.request('/openapi.json')).json()) as {
        paths: Record<string, unknown>
        components: { schemas: Record<string, unknown> }
      }
      expect(spec.paths['/api/v1/reports/rollup']).toBeDefined()
      expect(spec.components.schemas.Rollup).toBeDefined()
    } finally {
      db.close()
    }
  })
})
