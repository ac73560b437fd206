/** The dashboard's session form and law names: it offers the bank's laws, keeps one title per law, says why no quiz. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CookieJar, createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
let jar: CookieJar
beforeEach(async () => {
  f = await createUiFixture()
  const now = f.clock.now().toISOString()
  await f.db.batch(
    [...['FY1', 'FY2', 'FY3'].map((id) => [id, '中华人民共和国行政复议法']), ['XF1', '中华人民共和国宪法']].map(([id, law]) => ({
      sql: "INSERT INTO questions (id, type, stem, options_json, answer, law_title, created_at, updated_at) VALUES (?, 'judge', '题', '[]', 'T', ?, ?, ?)",
      args: [id!, law!, now, now],
    })),
  )
  jar = await logIn(f.app, f.tokens.admin)
})
afterEach(() => f.cleanup())

async function post(formPage: string, path: string, form: [string, string][]) {
  const csrf = csrfOf(await (await get(f.app, jar, formPage)).text())
  return f.app.request(path, { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams([['_csrf', csrf], ...form]) })
}
const lawsOf = async (id: string) =>
  (await f.db.execute({ sql: 'SELECT law_title FROM session_laws WHERE session_id = ? ORDER BY position', args: [id] })).rows.map(
    (r) => r.law_title,
  )
const form: [string, string][] = [
  ['kind', 'pre_meeting'],
  ['title', '会前学法（法律名称）'],
  ['startsAt', '2024-07-02T09:00'],
  ['unitCode', 'PL'],
  ['passScore', '60'],
]

describe('the session form and law names', () => {
  it("offers the bank's laws with their questions, and a law ticked and typed short is kept once, by its full title", async () => {
    const page = await (await get(f.app, jar, '/ui/sessions/new')).text()
    expect(page).toContain('name="bankLaws" value="中华人民共和国行政复议法"')
    expect(page).toContain('《中华人民共和国行政复议法》（3 题）')
    expect(page).toContain('《中华人民共和国宪法》（1 题）')

    const res = await post('/ui/sessions/new', '/ui/sessions', [
      ...form,
      ['bankLaws', '中华人民共和国行政复议法'],
      ['laws', '《行政复议法》\n宪法'],
      ['quizCount', '3'],
    ])
    expect(res.headers.get('location')).toMatch(/done=quiz$/)
    const id = res.headers.get('location')!.split('/').pop()!.split('?')[0]!
    expect(await lawsOf(id)).toEqual(['中华人民共和国行政复议法', '中华人民共和国宪法'])

    // editing ticks the bank's laws the session studies
    const edit = await (await get(f.app, jar, `/ui/sessions/${id}/edit`)).text()
    expect(edit).toMatch(/name="bankLaws" value="中华人民共和国宪法" checked/)
    expect(edit).toMatch(/<textarea id="laws" name="laws" rows="3">\s*<\/textarea>/)
  })

  it('says which of the laws the quiz could not draw from', async () => {
    const res = await post('/ui/sessions/new', '/ui/sessions', [
      ...form,
      ['bankLaws', '中华人民共和国行政复议法'],
      ['laws', '安全生产法'],
      ['quizCount', '2'],
    ])
    expect(res.headers.get('location')).toMatch(/done=quiz$/)
    expect(await (await get(f.app, jar, res.headers.get('location')!)).text()).toContain(
      '已保存，并已设置会前测试。题库中没有《中华人民共和国安全生产法》的题目，会前测试从其余法律中抽题。',
    )
  })

  it('says, for a law without questions, which laws have them', async () => {
    const res = await post('/ui/sessions/new', '/ui/sessions', [...form, ['laws', '安全生产法'], ['quizCount', '5']])
    expect(res.headers.get('location')).toMatch(/done=quizfailed$/)
    const id = res.headers.get('location')!.split('/').pop()!.split('?')[0]!
    expect(await lawsOf(id)).toEqual(['中华人民共和国安全生产法'])
    const page = await (await get(f.app, jar, res.headers.get('location')!)).text()
    expect(page).toContain(
      '活动已保存，但未附上会前测试。题库中没有《中华人民共和国安全生产法》的题目，无法附上会前测试。题库中有题目的法律法规：《中华人民共和国行政复议法》、《中华人民共和国宪法》。',
    )
  })
})
