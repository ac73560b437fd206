/** The ways into the 年度学法考试: the CLI, the API (unit scope, 400 with issues, idempotency) and the dashboard. */
import { afterEach, describe, expect, it } from 'vitest'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'
import { runXuefaHere } from '../helpers/cli.js'
import { createTestDb } from '../helpers/db.js'
import { seedOfficials, seedUnits } from '../helpers/seed.js'
import { scheduleAnnualExam } from '../../src/exams/annual.service.js'
import { seedQuestions } from './quiz-fixtures.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})

describe('xuefa exam annual', () => {
  it('schedules for the unit and below, says so in Chinese, and refuses an overlapping window in Chinese', async () => {
    const t = await createTestDb()
    cleanups.push(() => t.cleanup())
    await seedUnits(t.db, [
      ['PL', '平罗县'],
      ['SFJ', '司法局', 'PL'],
    ])
    await seedOfficials(t.db, [
      { id: 'P1', unitCode: 'PL' },
      { id: 'S1', unitCode: 'SFJ', isLeader: true },
      { id: 'S2', unitCode: 'SFJ', leftAt: '2024-01-01T00:00:00.000Z' },
    ])
    await seedQuestions(t.db, { single: 4, multiple: 2, judge: 2 })
    const env = { ...t.env, XUEFA_BANK: 'off' }
    const args = ['exam', 'annual', '--unit', 'PL', '--opens', '2099-11-04 09:00', '--closes', '2099-11-11 18:00']
    const r = await runXuefaHere([...args, '--questions', '8', '--attempts', '2', '--minutes', '45'], env)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(
      '已安排2099年度学法考试 #1：PL 及下属单位在册人员2人，2099-11-04 09:00 至 2099-11-11 18:00，每次限时45分钟，' +
        '共8题（单选4、多选2、判断2），60分及格，每人可考2次（取最高分）。\n' +
        '开考时每位已绑定微信的人员收到一条附个人考试链接的私信；2099-11-10 18:00 提醒尚未参加的人员。\n',
    )
    const again = await runXuefaHere([...args, '--unit', 'SFJ'], env)
    expect(again).toMatchObject({ code: 1, stderr: '其中1人已有时间重叠的年度学法考试，请调整考试时间。\n' })
    const bad = await runXuefaHere([...args, '--attempts', '0'], env)
    expect(bad).toMatchObject({ code: 1, stderr: '--attempts 应为1到10之间的整数\n' })
  })
})

describe('POST /api/v1/exams/annual', () => {
  let h: ApiHarness
  const body = { unitCode: 'PL-A', opensAt: '2024-03-04 09:00', closesAt: '2024-03-08 18:00', questions: 6 }

  async function harness() {
    h = await createApiHarness()
    cleanups.push(() => h.cleanup())
    await seedQuestions(h.db)
  }

  it("schedules within the token's units (201), refuses another unit (403), a bad body (400 with issues), and replays an idempotent POST", async () => {
    await harness()
    const orgA = await h.token('organizer', 'PL-A')
    const post = (json: unknown, headers: Record<string, string> = {}) =>
      h.request('/api/v1/exams/annual', { method: 'POST', token: orgA.token, json, headers })
    const ok = await post(body, { 'idempotency-key': 'k1' })
    expect(ok.status).toBe(201)
    const made = (await ok.json()) as Record<string, unknown>
    expect(made).toMatchObject({ unitCode: 'PL-A', officials: 3, questions: 6, attempts: 1, title: '2024年度学法考试' })
    const replay = await post(body, { 'idempotency-key': 'k1' })
    expect(replay.status).toBe(201)
    expect(await replay.json()).toEqual(made)
    expect((await h.db.execute('SELECT COUNT(*) AS n FROM annual_exams')).rows[0]!.n).toBe(1)

    const other = await post({ ...body, unitCode: 'PL-B' })
    expect(other.status).toBe(403)
    expect((await other.json()) as object).toMatchObject({ code: 'FORBIDDEN' })
    const parent = await post({ ...body, unitCode: 'PL' })
    expect(parent.status).toBe(403)
    const bad = await post({ ...body, attempts: 0, extra: true })
    expect(bad.status).toBe(400)
    const issues = ((await bad.json()) as { issues: { path: string[] }[] }).issues
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['', 'attempts'])
    const notTime = await post({ ...body, closesAt: '下周五' })
    expect(notTime.status).toBe(400)
    expect(((await notTime.json()) as { issues: { path: string[] }[] }).issues).toEqual([
      { path: ['closesAt'], message: 'expected YYYY-MM-DD HH:mm or ISO 8601 with offset' },
    ])
    expect((await post({ ...body, closesAt: '2024-03-04 08:00' })).status).toBe(400)
    expect((await post({ ...body, opensAt: '2024-03-06 09:00' })).status).toBe(409) // overlaps the first
    const reporter = await h.token('reporter')
    expect((await h.request('/api/v1/exams/annual', { method: 'POST', token: reporter.token, json: body })).status).toBe(403)
    expect(((await (await h.request('/openapi.json')).json()) as { paths: object }).paths).toHaveProperty('/api/v1/exams/annual')
  })
})

describe('the exams page', () => {
  let f: UiFixture
  async function fixture() {
    f = await createUiFixture() // 2024-06-15 10:00 in Shanghai
    cleanups.push(() => f.cleanup())
    await seedQuestions(f.db)
  }
  const form = {
    unitCode: 'SFJ',
    title: '',
    opensAt: '2024-06-17T09:00',
    closesAt: '2024-06-21T18:00',
    minutes: '30',
    passScore: '60',
    questions: '4',
    attempts: '1',
  }

  it('lets an organizer of the unit schedule one, then shows 参考/及格/平均分 per unit so far; another unit is refused', async () => {
    await fixture()
    const jar = await logIn(f.app, f.tokens.sfj)
    const post = async (fields: Record<string, string>) => {
      const csrf = csrfOf(await (await get(f.app, jar, '/ui/exams')).text())
      return f.app.request('/ui/exams/annual', {
        method: 'POST',
        headers: { cookie: jar.header() },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      })
    }
    const empty = await (await get(f.app, jar, '/ui/exams')).text()
    expect(empty).toContain('本年度还没有安排年度学法考试。')
    expect(empty).toContain('安排年度学法考试')

    const outside = await post({ ...form, unitCode: 'ZFB' })
    expect(outside.status).toBe(403)
    expect(await outside.text()).toContain('只能为本单位及下属单位安排考试。')
    const wrong = await post({ ...form, closesAt: '', attempts: '0' })
    expect(wrong.status).toBe(400)
    const wrongHtml = await wrong.text()
    expect(wrongHtml).toContain('截止时间格式有误，请重新选择。')
    expect(wrongHtml).toContain('每人可考次数应为1到10之间的整数。')
    expect(wrongHtml).not.toContain('及格分应为0到100之间的数。')
    const wrongScore = await post({ ...form, passScore: '-1' })
    expect(wrongScore.status).toBe(400)
    expect(await wrongScore.text()).toContain('及格分应为0到100之间的数。')
    expect(wrongHtml).toContain('value="2024-06-17T09:00"') // what was typed stays
    // the title by the one rule of src/text.ts, as the API has it
    const hidden = await post({ ...form, title: '年度\0考试' })
    expect(hidden.status).toBe(400)
    expect(await hidden.text()).toContain('「考试名称」的第 3 个字是不可见字符或控制字符（U+0000）')
    expect((await f.db.execute('SELECT count(*) AS n FROM annual_exams')).rows[0]?.n).toBe(0)

    const done = await post(form)
    expect(done.status).toBe(303)
    const location = done.headers.get('location')!
    expect(location).toMatch(/^\/ui\/exams\?year=2024&annual=\d+#annual$/)

    // two officials of 司法局 sit it: one passes with 100, one fails with 50
    const examOf = async (id: string) =>
      Number((await f.db.execute({ sql: `SELECT id FROM exams WHERE official_id = ?`, args: [id] })).rows[0]!.id)
    await f.db.execute({
      sql: `INSERT INTO exam_results (exam_kind, official_id, taken_at, score, passed, exam_id, source, created_at)
            VALUES ('annual', 'S1', '2024-06-18T01:00:00.000Z', 100, 1, ?, 'chat', ?), ('annual', 'S2', '2024-06-18T02:00:00.000Z', 50, 0, ?, 'chat', ?)`,
      args: [await examOf('S1'), '2024-06-18T01:00:00.000Z', await examOf('S2'), '2024-06-18T02:00:00.000Z'],
    })
    const page = await (await get(f.app, jar, location.replace('#annual', ''))).text()
    expect(page).toContain('已安排2024年度学法考试，共8人参考。开考时将向每人发送个人考试链接。')
    expect(page).toContain('2024年度学法考试（县司法局）')
    expect(page).toContain('2024-06-17 09:00 至 2024-06-21 18:00；共4题，每次限时30分钟，60分及格，每人可考1次')
    const cells = page.replace(/\s+/g, '')
    expect(cells).toContain(
      '<thscope="row">合计</th><tdclass="num">8</td><tdclass="num">2</td><tdclass="num">25.0%</td><tdclass="num">1</td><tdclass="num">50.0%</td><tdclass="num">75</td>',
    )
    const again = await post(form)
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('其中8人已有时间重叠的年度学法考试，请调整考试时间。')
  })

  it('shows a reporter the figures without the form', async () => {
    await fixture()
    await scheduleAnnualExam(
      { db: f.db, clock: f.clock, tz: 'Asia/Shanghai' },
      { unitCode: 'PL', opensAt: new Date('2024-06-17T01:00:00Z'), closesAt: new Date('2024-06-21T10:00:00Z'), questions: 4 },
      { actor: 'test' },
    )
    const jar = await logIn(f.app, f.tokens.reporter)
    const page = await (await get(f.app, jar, '/ui/exams')).text()
    expect(page).toContain('2024年度学法考试（平罗县人民政府）')
    expect(page).toContain('县政府办公室')
    expect(page).not.toContain('安排考试</button>')
    const refused = await f.app.request('/ui/exams/annual', {
      method: 'POST',
      headers: { cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfOf(page), ...form }),
    })
    expect(refused.status).toBe(403)
    // the county's exam is 司法局's too: its organizer sees its own people's figures only
    const sfj = await (await get(f.app, await logIn(f.app, f.tokens.sfj), '/ui/exams')).text()
    expect(sfj).toContain('2024年度学法考试（PL）')
    expect(sfj).not.toContain('县政府办公室')
    expect(sfj.replace(/\s+/g, '')).toContain('<thscope="row">合计</th><tdclass="num">8</td><tdclass="num">0</td>')
  })
})
