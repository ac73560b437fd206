/**
 * The choice of official in the 考试 page's 任前 form, written as one string rather than an element per official
 * (README "Performance", ui.exams): every value escaped, only the viewer's current officials, by unit then id, and the
 * official chosen kept chosen when the form comes back refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture() // 2024-06-15 10:00 local
})
afterEach(() => f.cleanup())

const optionsOf = (page: string) => {
  const select = /<select id="p-official"[^>]*>([\s\S]*?)<\/select>/.exec(page)?.[1] ?? ''
  return [...select.matchAll(/<option[^>]*>[^<]*<\/option>/g)].map((m) => m[0])
}

describe('the official choice of the 任前 form', () => {
  it('escapes names, leaves out who left, keeps unit then id order, and keeps the choice on a refused form', async () => {
    await f.db.execute({ sql: 'UPDATE officials SET name = ? WHERE id = ?', args: [`<b>"王'&芳"</b>`, 'S2'] })
    await f.db.execute({ sql: 'UPDATE officials SET left_at = ? WHERE id = ?', args: ['2024-06-01T00:00:00.000Z', 'S3'] })
    const jar = await logIn(f.app, f.tokens.sfj)
    const page = await (await get(f.app, jar, '/ui/exams')).text()
    expect(page).not.toContain('<b>"王')
    const options = optionsOf(page)
    expect(options).toEqual([
      '<option value="">请选择</option>',
      '<option value="S1">张伟（司法局）（县司法局，S1）</option>',
      '<option value="S2">&lt;b&gt;&quot;王&#39;&amp;芳&quot;&lt;/b&gt;（县司法局，S2）</option>',
      ...['S4', 'S5', 'S6', 'S7', 'S8'].map((id) => expect.stringContaining(`<option value="${id}">`)),
    ])

    const admin = await logIn(f.app, f.tokens.admin)
    const all = optionsOf(await (await get(f.app, admin, '/ui/exams')).text()).map((o) => /value="([^"]*)"/.exec(o)?.[1])
    // 平罗县 (PL) first, then its units by path; the one who left nowhere
    expect(all.slice(1, 3)).toEqual(['P1', 'P2'])
    expect(all).toHaveLength(1 + 24 - 1)
    expect(all).not.toContain('S3')

    const csrf = csrfOf(page)
    const refused = await f.app.request('/ui/exams/appointment', {
      method: 'POST',
      headers: { cookie: jar.header() },
      body: new URLSearchParams({
        _csrf: csrf,
        officialId: 'S2',
        proposedPost: '科长',
        opensAt: 'not a time',
        minutes: '30',
        passScore: '60',
      }),
    })
    expect(refused.status).toBe(400)
    const chosen = optionsOf(await refused.text()).filter((o) => o.includes('selected'))
    expect(chosen).toEqual(['<option value="S2" selected="">&lt;b&gt;&quot;王&#39;&amp;芳&quot;&lt;/b&gt;（县司法局，S2）</option>'])
  })
})
