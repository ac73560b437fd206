/** Issue 17 item 9 on the dashboard: the empty report, the bot page, the import page's columns and templates, coverage. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSession } from '../../src/sessions/sessions.service.js'
import { auditRows, createApiHarness } from '../helpers/api.js'
import { CookieJar, createUiFixture, csrfOf, get, logIn, TZ, type UiFixture } from '../helpers/browser.js'
import { addSessions, mark } from '../helpers/report-fixtures.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture()
})
afterEach(() => f.cleanup())

/** The text of the page without its tags, to read as a person reads it. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the report of a year with nothing in it', () => {
  it('says there is nothing yet and what to do, and draws no empty chart', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const html = await (await get(f.app, jar, '/ui/report?year=2023')).text()
    const page = text(html)
    expect(page).toContain('2023年度还没有已举办的学法活动或考试成绩')
    expect(page).toContain('依次导入单位、人员、学法活动、出勤记录')
    expect(page).toContain('暂无图表')
    expect(html).not.toContain('<figure class="chart">')
    const md = await (await get(f.app, jar, '/ui/report/download?year=2023&format=md')).text()
    expect(md).toContain('2023年度还没有已举办的学法活动或考试成绩')
  })

  it('keeps the narrative and the charts for a year that has sessions', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const html = await (await get(f.app, jar, '/ui/report?year=2024')).text()
    expect(html).not.toContain('还没有已举办的学法活动')
    expect(html).toContain('<figure class="chart">')
  })
})

describe('the 常务会议 coverage target', () => {
  it('is met, not 不适用, when three held 会前学法 name 常务会议 (none from the OA feed)', async () => {
    const sdeps = { db: f.db, clock: f.clock, tz: TZ }
    for (const day of ['10', '17']) {
      await createSession(
        sdeps,
        {
          kind: 'pre_meeting',
          title: `常务会议会前学法（6月${day}日）`,
          startsAt: new Date(`2024-06-${day}T01:00:00Z`),
          unitCode: 'ZFB',
          body: '县政府常务会议',
          laws: ['中华人民共和国行政复议法'],
          status: 'held',
        },
        { actor: 'test' },
      )
    }
    const jar = await logIn(f.app, f.tokens.admin)
    const page = text(await (await get(f.app, jar, '/ui/report?year=2024&unit=ZFB')).text())
    expect(page).toMatch(/常务会议会前学法覆盖率 ≥ 100% 100% 达标/)
    expect(page).not.toContain('常务会议会前学法覆盖率 ≥ 100% — 不适用')
  })
})

describe('the bot page without a bot', () => {
  it('says what the system administrator sets to enable it', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const page = text(await (await get(f.app, jar, '/ui/bot')).text())
    expect(page).toContain('微信机器人未启用')
    expect(page).toContain('由系统管理员')
    expect(page).toContain('WECHATY_PUPPET_SERVICE_TOKEN')
    expect(page).toContain('XUEFA_BOT=off')
    expect(page).toContain('重启 xuefa')
  })
})

describe('the import page', () => {
  it('lists the columns of each kind, the order to import in, and a template per kind', async () => {
    const jar = await logIn(f.app, f.tokens.sfj) // a scoped organizer, who may not import here, still sees the formats
    const html = await (await get(f.app, jar, '/ui/imports')).text()
    const page = text(html)
    expect(page).toContain('单位 → 人员名单 → 学法活动 → 出勤记录')
    expect(page).toContain('编号*、姓名*、单位代码*、职务、是否领导班子成员、是否主要负责人、是否执法人员、入职日期、是否组织者')
    for (const kind of ['units', 'officials', 'sessions', 'attendance', 'questions', 'exam-results']) {
      expect(html).toContain(`href="/ui/imports/template/${kind}"`)
    }
  })

  it('gives each template as UTF-8 CSV with a BOM and the Chinese headers of CONTRACT §2', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const expected: Record<string, string> = {
      units: '单位代码,单位名称,上级单位代码',
      officials: '编号,姓名,单位代码,职务,是否领导班子成员,是否主要负责人,是否执法人员,入职日期,是否组织者',
      sessions: '编号,类型,主题,开始时间,组织单位,会议名称,会议届次,学时,学习法律法规,主讲人,状态,仅领导干部',
      attendance: '活动编号,人员编号,出勤情况,备注',
      'exam-results': '考试,人员编号,考试时间,成绩,是否通过,第几次,拟任职务,结果',
    }
    for (const [kind, header] of Object.entries(expected)) {
      const res = await get(f.app, jar, `/ui/imports/template/${kind}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/csv')
      expect(res.headers.get('content-disposition')).toContain('attachment')
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(new TextDecoder().decode(bytes.slice(3))).toBe(`${header}\r\n`)
    }
    expect((await get(f.app, jar, '/ui/imports/template/nope')).status).toBe(404)
  })
})

describe('the audit of an import from the dashboard, in the whole app', () => {
  it('carries the client address and the request id on both rows: the request and the import', async () => {
    const h = await createApiHarness()
    try {
      const { token } = await h.token('admin')
      const jar = new CookieJar()
      const send = async (path: string, init: RequestInit = {}) =>
        jar.take(await h.request(path, { ...init, headers: { cookie: jar.header() }, ip: '198.51.100.7' }))
      const login = await (await send('/ui/login')).text()
      expect((await send('/ui/login', { method: 'POST', body: new URLSearchParams({ _csrf: csrfOf(login), token }) })).status).toBe(303)
      const form = new FormData()
      form.set('_csrf', csrfOf(await (await send('/ui/imports')).text()))
      form.set('kind', 'units')
      form.set('file', new File(['单位代码,单位名称,上级单位代码\nX1,新单位,\n'], 'units.csv', { type: 'text/csv' }))
      const done = await send('/ui/imports', { method: 'POST', body: form })
      expect(done.status).toBe(200)
      const requestId = done.headers.get('x-request-id')
      expect(requestId).toMatch(/.+/)
      for (const action of ['import.request', 'import.units']) {
        expect(await auditRows(h.db, action), action).toEqual([
          { actor: expect.stringMatching(/^token:\d+$/), ip: '198.51.100.7', request_id: requestId, entity_id: 'units.csv' },
        ])
      }
    } finally {
      h.cleanup()
    }
  })
})

describe('the report in the seeds round style (issue 21)', () => {
  it('is a checkbox, carried to the downloads', async () => {
    const people = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((i) => [`P${i}`, `S${i}`, `Z${i}`])
    await addSessions(f.db, [{ id: 'ENF', kind: 'enforcement_training', startsAt: '2024-05-20 09:00', unit: 'PL', hours: 2 }])
    await mark(
      f.db,
      'ENF',
      people.map((id) => [id, 'present']),
    )
    const jar = await logIn(f.app, f.tokens.admin)
    const exact = await (await get(f.app, jar, '/ui/report?year=2024')).text()
    expect(exact).toContain('组织执法人员培训1次，共24人参学24人次。')
    expect(exact).toMatch(/<input id="f-rounded" name="rounded" type="checkbox" value="1"\s*\/?>/)
    const round = await (await get(f.app, jar, '/ui/report?year=2024&rounded=1')).text()
    expect(round).toContain('组织执法人员培训1次，共20余人参学20余人次。')
    expect(round).toMatch(/id="f-rounded"[^>]*checked/)
    expect(round).toContain('/ui/report/download?year=2024&amp;rounded=1&amp;format=md')
    const md = await (await get(f.app, jar, '/ui/report/download?year=2024&rounded=1&format=md')).text()
    expect(md).toContain('共20余人参学20余人次')
  })
})
