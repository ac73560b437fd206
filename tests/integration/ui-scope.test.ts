import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cancelSession } from '../../src/sessions/sessions.service.js'
import { auditRows } from '../helpers/api.js'
import { seedOfficials } from '../helpers/seed.js'
import { type CookieJar, createUiFixture, csrfOf, get, logIn, mountUi, TZ, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture()
})
afterEach(() => f.cleanup())

async function postForm(jar: CookieJar, formPage: string, path: string, form: Record<string, string>) {
  const csrf = csrfOf(await (await get(f.app, jar, formPage)).text())
  return f.app.request(path, { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams({ _csrf: csrf, ...form }) })
}

describe('a unit-scoped organizer (县司法局)', () => {
  it('sees only its own units in lists, the calendar, filters and the report', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const list = await (await get(f.app, jar, '/ui/sessions?year=2024')).text()
    expect(list).toContain('行政执法专题讲座')
    expect(list).not.toContain('政府常务会议会前学法')
    expect(list).not.toContain('理论学习中心组')
    expect(list).not.toContain('县政府办公室')
    const cal = await (await get(f.app, jar, '/ui/calendar?year=2024&month=6')).text()
    expect(cal).toContain('行政执法专题讲座')
    expect(cal).not.toContain('政府常务会议会前学法')
    expect(await (await get(f.app, jar, '/ui/report?year=2024')).text()).toContain('县司法局2024年度')
  })

  it("gets another unit's session answered as a missing one (the same 404 page), another unit's filter a 403; nothing changes", async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const id = f.zfbSessionId
    for (const view of ['', '/edit', '/quiz']) {
      const res = await get(f.app, jar, `/ui/sessions/${id}${view}`)
      expect(res.status, view).toBe(404)
      const missing = await get(f.app, jar, `/ui/sessions/NOPE${view}`)
      expect(missing.status).toBe(404)
      expect(await res.text(), view).toBe(await missing.text())
    }
    for (const path of [
      '/ui/sessions?unit=ZFB',
      '/ui/calendar?unit=PL',
      '/ui/report?unit=ZFB',
      '/ui/report/download?format=docx&unit=PL',
      '/ui/ledger?unit=ZFB',
    ]) {
      const res = await get(f.app, jar, path)
      expect(res.status, path).toBe(403)
      expect(await res.text(), path).toContain('不在您的令牌所辖单位范围内')
    }
    const cancel = await postForm(jar, '/ui/sessions/new', `/ui/sessions/${id}/cancel`, {})
    expect(cancel.status).toBe(404)
    const mark = await postForm(jar, '/ui/sessions/new', `/ui/sessions/${id}/attendance`, { 'mark:Z1': 'present' })
    expect(mark.status).toBe(404)
    const create = await postForm(jar, '/ui/sessions/new', '/ui/sessions', {
      kind: 'lecture',
      title: '越权',
      startsAt: '2024-07-01T09:00',
      unitCode: 'ZFB',
    })
    expect(create.status).toBe(403)
    const rs = await f.db.execute(
      "SELECT (SELECT count(*) FROM attendance WHERE source <> 'auto') AS marks, (SELECT count(*) FROM sessions WHERE status = 'cancelled' OR title = '越权') AS touched",
    )
    expect(rs.rows[0]).toMatchObject({ marks: 0, touched: 0 })
  })

  it('cannot mark someone of another unit on its own session', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const page = `/ui/sessions/${f.sfjSessionId}`
    // refused exactly as someone who does not exist
    const res = await postForm(jar, page, `${page}/attendance`, { 'mark:S1': 'present', 'mark:Z1': 'present' })
    const missing = await postForm(jar, page, `${page}/attendance`, { 'mark:S1': 'present', 'mark:Z9': 'present' })
    expect(res.status).toBe(400)
    expect(missing.status).toBe(400)
    // the form's CSRF token is random and may itself contain "Z1": it is left out before the ids are swapped
    const withoutCsrf = (text: string) => text.replace(/name="_csrf" value="[^"]*"/, 'name="_csrf"')
    expect(withoutCsrf(await res.text()).replaceAll('Z1', 'Z9')).toBe(withoutCsrf(await missing.text()))
    expect((await f.db.execute("SELECT count(*) AS n FROM attendance WHERE source <> 'auto'")).rows[0]?.n).toBe(0)
  })

  async function upload(jar: CookieJar, kind: string, text: string, extra: Record<string, string> = {}) {
    const form = new FormData()
    form.set('_csrf', csrfOf(await (await get(f.app, jar, '/ui/imports')).text()))
    form.set('kind', kind)
    for (const [k, v] of Object.entries(extra)) form.set(k, v)
    form.set('file', new File([text], `${kind}.csv`, { type: 'text/csv' }))
    return f.app.request('/ui/imports', { method: 'POST', headers: { cookie: jar.header() }, body: form })
  }
  const sfjRoster = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'].map((id) => `${id},${id}名,SFJ,否`)

  it('imports the rows of its own units, each row checked, as the API does; units stay county-wide', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const page = await (await get(f.app, jar, '/ui/imports')).text()
    expect(page).toContain('您的令牌限于 SFJ 及下级单位')
    expect(page).toContain('name="file"')

    const units = await upload(jar, 'units', 'code,name\nX1,新单位\n')
    expect(units.status).toBe(403)
    expect(await units.text()).toContain('单位是全县数据，需由不限单位的管理员令牌导入')
    expect((await f.db.execute("SELECT count(*) AS n FROM units WHERE code = 'X1'")).rows[0]?.n).toBe(0)

    // line 3 moves 政府办's Z1 into 司法局, line 4 names 政府办 itself: both named, nothing written
    const outside = await upload(jar, 'officials', ['编号,姓名,单位代码', 'S9,新人,SFJ', 'Z1,张伟,SFJ', 'S10,又一人,ZFB', ''].join('\n'))
    expect(outside.status).toBe(403)
    const refused = await outside.text()
    expect(refused).toContain('「Z1」不在您可管理的单位范围（SFJ 及下级单位）内')
    expect(refused).toContain('「ZFB」不在您可管理的单位范围（SFJ 及下级单位）内')
    expect(refused).toMatch(/<td class="num">3<\/td><td>编号<\/td>/)
    expect(refused).toMatch(/<td class="num">4<\/td><td>单位代码<\/td>/)
    expect((await f.db.execute("SELECT count(*) AS n FROM officials WHERE id IN ('S9', 'S10')")).rows[0]?.n).toBe(0)

    // its own roster, one of them made an organizer (是否组织者), one newcomer
    const roster = ['编号,姓名,单位代码,是否组织者', ...sfjRoster.slice(0, 7), 'S8,S8名,SFJ,是', 'S9,新人,SFJ,否', ''].join('\n')
    const ok = await upload(jar, 'officials', roster)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('共 9 行：新增 1，更新 8，未变 0。')
    const s8 = await f.db.execute("SELECT is_organizer, unit_code FROM officials WHERE id = 'S8'")
    expect(s8.rows[0]).toMatchObject({ is_organizer: 1, unit_code: 'SFJ' })
  })
})

describe('the attendance sheet', () => {
  it('lists the expected people, saves the marks together, and shows who and when', async () => {
    await seedOfficials(f.db, [
      { id: 'S9', name: '新调入', unitCode: 'SFJ', joinedAt: '2024-06-20T00:00:00.000Z' },
      { id: 'S10', name: '已调离', unitCode: 'SFJ', leftAt: '2024-06-01T00:00:00.000Z' },
    ])
    const jar = await logIn(f.app, f.tokens.sfj)
    const page = `/ui/sessions/${f.sfjSessionId}`
    const before = await (await get(f.app, jar, page)).text()
    expect(before).toContain('应到 8 人')
    expect(before).not.toContain('新调入')
    expect(before).not.toContain('已调离')
    expect(before).toContain('张伟（司法局）')
    expect(before).not.toContain('（政府办）')
    const res = await postForm(jar, page, `${page}/attendance`, {
      'mark:S1': 'present',
      'mark:S2': 'late',
      'mark:S3': 'excused',
      'mark:S4': '',
    })
    expect(res.status).toBe(303)
    const rs = await f.db.execute({
      sql: "SELECT official_id, status, source, marked_by FROM attendance WHERE session_id = ? AND source <> 'auto' ORDER BY official_id",
      args: [f.sfjSessionId],
    })
    expect(rs.rows.map((r) => [r.official_id, r.status, r.source])).toEqual([
      ['S1', 'present', 'ui'],
      ['S2', 'late', 'ui'],
      ['S3', 'excused', 'ui'],
    ])
    const after = await (await get(f.app, jar, res.headers.get('location')!.replace(/#.*/, ''))).text()
    expect(after).toContain('已保存出勤登记，更新 3 条')
    expect(after).toMatch(/<option value="late" selected="">迟到<\/option>/)
    expect(after).toContain(`令牌 #${String(rs.rows[0]?.marked_by).slice(6)}`)
    expect(after).toContain('2024-06-15 10:00')
  })

  it('says in Chinese why a form was refused: a session cancelled meanwhile, or marks it cannot read', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const page = `/ui/sessions/${f.sfjSessionId}`
    const csrf = csrfOf(await (await get(f.app, jar, page)).text())
    const post = (form: Record<string, string>) =>
      f.app.request(`${page}/attendance`, {
        method: 'POST',
        headers: { cookie: jar.header() },
        body: new URLSearchParams({ _csrf: csrf, ...form }),
      })
    const bogus = await post({ 'mark:S1': 'bogus' })
    expect(bogus.status).toBe(400)
    const invalid = await bogus.text()
    expect(invalid).toContain('提交的内容有误，未作任何修改。')
    expect(invalid).not.toContain('unknown attendance status')
    // another organizer cancels the session while this page is open
    await cancelSession({ db: f.db, clock: f.clock, tz: TZ }, f.sfjSessionId, { actor: 'test' })
    const late = await post({ 'mark:S1': 'present' })
    expect(late.status).toBe(409)
    const conflict = await late.text()
    expect(conflict).toContain('这项活动已取消，不能再修改或登记出勤。')
    expect(conflict).not.toContain('is cancelled')
    expect((await f.db.execute("SELECT count(*) AS n FROM attendance WHERE source <> 'auto'")).rows[0]?.n).toBe(0)
  })

  it('is read-only for a reporter, who cannot post marks either', async () => {
    const jar = await logIn(f.app, f.tokens.reporter)
    const page = `/ui/sessions/${f.sfjSessionId}`
    expect(await (await get(f.app, jar, page)).text()).toContain('只能查看')
    const res = await postForm(jar, page, `${page}/attendance`, { 'mark:S1': 'present' })
    expect(res.status).toBe(403)
    expect((await get(f.app, jar, '/ui/sessions/new')).status).toBe(403)
  })
})

describe('pages', () => {
  it('escapes what users typed', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    await postForm(jar, '/ui/sessions/new', '/ui/sessions', {
      kind: 'other',
      title: '<script>alert(1)</script>',
      startsAt: '2024-07-01T09:00',
      unitCode: 'PL',
    })
    const html = await (await get(f.app, jar, '/ui/sessions?year=2024')).text()
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert(1)')
  })

  it('returns a rejected form with its messages and values, writing nothing', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const res = await postForm(jar, '/ui/sessions/new', '/ui/sessions', {
      kind: 'lecture',
      title: '',
      startsAt: '2024-02-30T09:00',
      unitCode: 'PL',
      presenter: '王律师',
      quizCount: '500',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    for (const text of ['请填写主题', '开始时间格式应为', '抽题数量应为', 'value="王律师"']) expect(html).toContain(text)
    expect((await f.db.execute("SELECT count(*) AS n FROM sessions WHERE presenter = '王律师'")).rows[0]?.n).toBe(0)
  })

  it('edits and cancels a session; a cancelled session takes no marks', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const page = `/ui/sessions/${f.sfjSessionId}`
    const edit = await postForm(jar, `${page}/edit`, page, {
      kind: 'lecture',
      title: '行政执法专题讲座（改期）',
      startsAt: '2024-06-13T15:00',
      unitCode: 'SFJ',
      status: 'held',
      audienceUnits: 'SFJ',
      leadersOnly: '1',
      // the start moves but stays past: the form asks once that it is recorded as held
      pastConfirmed: '1',
    })
    expect(edit.status).toBe(303)
    const s = await f.db.execute({
      sql: 'SELECT title, status, starts_at, audience_json FROM sessions WHERE id = ?',
      args: [f.sfjSessionId],
    })
    expect(s.rows[0]).toMatchObject({ title: '行政执法专题讲座（改期）', status: 'held', starts_at: '2024-06-13T07:00:00.000Z' })
    expect(JSON.parse(String(s.rows[0]?.audience_json))).toEqual({ unitCodes: ['SFJ'], leadersOnly: true })
    expect(await (await get(f.app, jar, page)).text()).toContain('应到 2 人')
    expect((await postForm(jar, page, `${page}/cancel`, {})).status).toBe(303)
    const after = await (await get(f.app, jar, page)).text()
    expect(after).toContain('活动已取消，不能再登记出勤')
    expect(after).not.toContain('保存出勤登记')
  })

  it("creates the session's quiz from the form, and keeps the session when the bank cannot fill it", async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const now = f.clock.now().toISOString()
    await f.db.batch(
      Array.from({ length: 6 }, (_, i) => ({
        sql: "INSERT INTO questions (id, type, stem, options_json, answer, law_title, created_at, updated_at) VALUES (?, 'single', ?, '[\"甲\",\"乙\"]', 'A', '中华人民共和国行政复议法', ?, ?)",
        args: [`Q${i}`, `题${i}`, now, now],
      })),
    )
    const form = {
      kind: 'pre_meeting',
      title: '会前学法',
      startsAt: '2024-07-02T09:00',
      unitCode: 'PL',
      laws: '中华人民共和国行政复议法',
      quizCount: '5',
      passScore: '80',
    }
    const ok = await postForm(jar, '/ui/sessions/new', '/ui/sessions', form)
    expect(ok.headers.get('location')).toMatch(/done=quiz$/)
    const id = ok.headers.get('location')!.split('/').pop()!.split('?')[0]!
    const quiz = await f.db.execute({
      sql: 'SELECT pass_score, (SELECT count(*) FROM quiz_questions qq WHERE qq.quiz_id = q.id) AS n FROM quizzes q WHERE session_id = ?',
      args: [id],
    })
    expect(quiz.rows[0]).toMatchObject({ pass_score: 80, n: 5 })
    expect(await (await get(f.app, jar, `/ui/sessions/${id}?done=quiz`)).text()).toContain('已设置会前测试')

    const failed = await postForm(jar, '/ui/sessions/new', '/ui/sessions', { ...form, title: '无题可抽', laws: '中华人民共和国民法典' })
    expect(failed.headers.get('location')).toMatch(/done=quizfailed$/)
    const rs = await f.db.execute(
      "SELECT s.id, (SELECT count(*) FROM quizzes q WHERE q.session_id = s.id) AS quizzes FROM sessions s WHERE title = '无题可抽'",
    )
    expect(rs.rows[0]?.quizzes).toBe(0)
    expect(await (await get(f.app, jar, failed.headers.get('location')!)).text()).toContain(
      '未附上会前测试。题库中没有《中华人民共和国民法典》的题目，无法附上会前测试。题库中有题目的法律法规：《中华人民共和国行政复议法》。',
    )

    // editing adds the quiz a session lacks, and says so; a session that has one keeps it
    const page = `/ui/sessions/${String(rs.rows[0]?.id)}`
    const added = await postForm(jar, `${page}/edit`, page, { ...form, title: '无题可抽' })
    expect(added.headers.get('location')).toMatch(/done=quiz$/)
    const kept = await postForm(jar, `${page}/edit`, page, { ...form, title: '无题可抽', quizCount: '3' })
    expect(kept.headers.get('location')).toMatch(/done=saved$/)
    const quizzes = await f.db.execute({
      sql: 'SELECT (SELECT count(*) FROM quiz_questions qq WHERE qq.quiz_id = q.id) AS n FROM quizzes q WHERE session_id = ?',
      args: [String(rs.rows[0]?.id)],
    })
    expect(quizzes.rows.map((r) => r.n)).toEqual([5])
  })

  it("shows the bot's QR code while a scan is awaited, and says when there is no bot", async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    expect(await (await get(f.app, jar, '/ui/bot')).text()).toContain('机器人未启用')
    const app = mountUi({ ...f.deps, botStatuses: () => [{ state: 'waiting_scan', qr: 'https://login.weixin.qq.com/l/abc' }] })
    const html = await (await get(app, jar, '/ui/bot')).text()
    expect(html).toContain('等待扫码登录')
    expect(html).toMatch(/<svg class="qr"[^>]*aria-label="微信登录二维码"/)
    expect(html).toMatch(/<path d="(M\d+ \d+h1v1h-1z){50,}"/)
  })

  it("shows a unit's organizer the bot's state but not its login QR", async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const app = mountUi({ ...f.deps, botStatuses: () => [{ state: 'waiting_scan', qr: 'https://login.weixin.qq.com/l/abc' }] })
    const html = await (await get(app, jar, '/ui/bot')).text()
    expect(html).toContain('等待扫码登录')
    expect(html).not.toContain('<svg class="qr"')
    expect(html).toContain('登录二维码只向全县的管理人员显示')
  })

  it('shows each bot account with its state, and a QR for the one awaiting a scan', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const app = mountUi({
      ...f.deps,
      botStatuses: () => [
        { account: 'a', state: 'logged_in', qr: null },
        { account: 'b', state: 'waiting_scan', qr: 'https://login.weixin.qq.com/l/bbb' },
      ],
    })
    const html = await (await get(app, jar, '/ui/bot')).text()
    const blocks = html.split('<h2>').slice(1)
    expect(blocks.map((b) => b.slice(0, b.indexOf('</h2>')))).toEqual(['机器人账号 a', '机器人账号 b'])
    expect(blocks[0]).toContain('已登录')
    expect(blocks[0]).not.toContain('<svg class="qr"')
    expect(blocks[1]).toContain('等待扫码登录')
    expect(blocks[1]).toContain('机器人账号「b」')
    expect(blocks[1]).toMatch(/<svg class="qr"[^>]*aria-label="微信登录二维码"/)
  })

  it('imports with the line-numbered problems in a table, and a dry run writes nothing', async () => {
    const jar = await logIn(f.app, f.tokens.admin)
    const send = async (csv: string, dryRun: boolean) => {
      const form = new FormData()
      form.set('_csrf', csrfOf(await (await get(f.app, jar, '/ui/imports')).text()))
      form.set('kind', 'units')
      if (dryRun) form.set('dryRun', '1')
      form.set('file', new File([csv], 'units.csv', { type: 'text/csv' }))
      return f.app.request('/ui/imports', { method: 'POST', headers: { cookie: jar.header() }, body: form })
    }
    const bad = await send('code,name,parent_code\nX1,新单位,NOPE\nX2,,PL\n', false)
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toMatch(/<td class="num">2<\/td><td>[^<]*<\/td><td>[^<]+<\/td>/)
    expect(html).toMatch(/<td class="num">3<\/td>/)
    const dry = await send('code,name,parent_code\nX1,新单位,PL\n', true)
    expect(dry.status).toBe(200)
    expect(await dry.text()).toContain('试导入通过')
    expect((await f.db.execute("SELECT count(*) AS n FROM units WHERE code = 'X1'")).rows[0]?.n).toBe(0)
    const done = await send('code,name,parent_code\nX1,新单位,PL\n', false)
    expect(done.status).toBe(200)
    expect((await f.db.execute("SELECT count(*) AS n FROM units WHERE code = 'X1'")).rows[0]?.n).toBe(1)
    // audited as the API's imports are: the token, and the request that did it (the dry run is not)
    const audited = await auditRows(f.db, 'import.request')
    expect(done.headers.get('x-request-id')).toMatch(/.+/)
    expect(audited).toEqual([
      { actor: expect.stringMatching(/^token:\d+$/), ip: null, request_id: done.headers.get('x-request-id'), entity_id: 'units.csv' },
    ])
  })
})
