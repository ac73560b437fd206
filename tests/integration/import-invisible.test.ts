/**
 * Issue 18.5: control and invisible characters in ids, names and titles. NUL (read back cut short: `X3\0` was `X3`)
 * and a zero-width space (a second `X3` that looks like the first) are refused with their line and column in an
 * import, with their field in the API and on the dashboard's form; what the domain allows is normalised (NFC, spaces);
 * a file mixing CRLF, LF and CR line ends is read line by line.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { type CookieJar, createUiFixture, csrfOf, get, logIn, type UiFixture } from '../helpers/browser.js'
import { runImport } from '../../src/imports/import.service.js'
import type { ImportKind } from '../../src/imports/import.types.js'
import { cleanText } from '../../src/text.js'

describe('the one rule (src/text.ts)', () => {
  it('refuses control, zero-width, bidi and BOM-inside characters with their position; normalises NFC and spaces', () => {
    const refused = ['X3\0', 'X3\u200B', 'a\u200Db', 'a\u202Eb', 'a\u2066b', 'X\uFEFFY', 'a\u2060b', 'a\u0085b', 'a\tb', 'a\nb']
    expect(refused.map((s) => cleanText(s).ok)).toEqual(refused.map(() => false))
    expect(cleanText('前半\0后半')).toEqual({ ok: false, found: { position: 3, codePoint: 0 } })
    expect(cleanText('X3\u200B')).toEqual({ ok: false, found: { position: 3, codePoint: 0x200b } })
    expect(cleanText(' 县\u3000司法局  会前学法 ')).toEqual({ ok: true, value: '县 司法局 会前学法' })
    expect(cleanText('Cafe\u0301')).toEqual({ ok: true, value: 'Caf\u00e9' })
    // a BOM at the very start is a leftover of an encoding, trimmed like a space
    expect(cleanText('\uFEFFX3')).toEqual({ ok: true, value: 'X3' })
    // texts of several lines keep their line breaks (a question's stem), CRLF and CR made LF
    expect(cleanText('一\r\n二\r三', { lines: true })).toEqual({ ok: true, value: '一\n二\n三' })
    expect(cleanText('一\0二', { lines: true }).ok).toBe(false)
  })
})

describe('imports', () => {
  let h: ApiHarness
  beforeEach(async () => {
    h = await createApiHarness()
  })
  afterEach(() => h.cleanup())
  const run = (kind: ImportKind, text: string) =>
    runImport(
      h.db,
      kind,
      { bytes: new TextEncoder().encode(text), filename: `${kind}.csv` },
      {
        tz: 'Asia/Shanghai',
        clock: h.clock,
        actor: 'test',
        confirmLeavers: true,
      },
    )

  it('refuses NUL and zero-width characters in ids and names with line and column, and imports nothing', async () => {
    const r = await run(
      'officials',
      'id,name,unit_code,title\nX3\0,张三,PL-A,科员\nA001\u200B,李四,PL-A,\nX5,王\u200E五,PL-A,\nX6,赵六,PL-A,前半\0后半\n',
    )
    expect(r).toEqual({
      ok: false,
      kind: 'officials',
      problems: [
        { line: 2, column: 'id', message: expect.stringContaining('第 3 个字是不可见字符或控制字符（U+0000）') },
        { line: 3, column: 'id', message: expect.stringContaining('第 5 个字是不可见字符或控制字符（U+200B）') },
        { line: 4, column: 'name', message: expect.stringContaining('（U+200E）') },
        { line: 5, column: 'title', message: expect.stringContaining('（U+0000）') },
      ],
    })
    expect((await h.db.execute("SELECT count(*) AS n FROM officials WHERE id LIKE 'X%'")).rows[0]?.n).toBe(0)
  })

  it('reads mixed CRLF, LF and CR line ends as line ends, and normalises full-width spaces and NFC in names', async () => {
    const r = await run(
      'officials',
      'id,name,unit_code\r\nX1,孙\u3000七,PL-A\nX2,"周\r\n八",PL-A\rX3,Jose\u0301,PL-A\r\nX4\u200B,吴九,PL-A\n',
    )
    // the quoted cell's line break is refused in a name, on the line where its record starts; the lines after it count
    // the break inside the quotes (X3 is on line 5, X4 on line 6); nothing else is wrong (no 「比表头多」)
    expect(r).toEqual({
      ok: false,
      kind: 'officials',
      problems: [
        { line: 3, column: 'name', message: expect.stringContaining('U+000A') },
        { line: 6, column: 'id', message: expect.stringContaining('U+200B') },
      ],
    })
    const ok = await run('officials', 'id,name,unit_code\r\nX1,孙\u3000七,PL-A\nX2,周八,PL-A\rX3,Jose\u0301,PL-A\r\nX4,吴九,PL-A')
    expect(ok).toMatchObject({ ok: true, rows: 4, inserted: 4 })
    const names = (await h.db.execute("SELECT id, name FROM officials WHERE id LIKE 'X%' ORDER BY id")).rows.map((row) => [
      row.id,
      row.name,
    ])
    expect(names).toEqual([
      ['X1', '孙 七'],
      ['X2', '周八'],
      ['X3', 'Jos\u00e9'],
      ['X4', '吴九'],
    ])
  })
})

describe('the API', () => {
  let h: ApiHarness
  beforeEach(async () => {
    h = await createApiHarness()
  })
  afterEach(() => h.cleanup())

  it('refuses a session whose title, unit or audience holds NUL or a zero-width space; normalises a title', async () => {
    const { token } = await h.token('admin')
    const body = { kind: 'pre_meeting', title: '会前学法', startsAt: '2024-03-20 09:00', unitCode: 'PL-A' }
    const post = (json: unknown) => h.request('/api/v1/sessions', { method: 'POST', token, json })
    for (const bad of [
      { ...body, title: '前半\0后半' },
      { ...body, unitCode: 'PL-A\u200B' },
      { ...body, audience: { officialIds: ['A001\u200B'] } },
    ]) {
      const res = await post(bad)
      expect(res.status).toBe(400)
      expect(JSON.stringify(await res.json())).toMatch(/invisible or control character \(U\+(0000|200B)\)/)
    }
    expect((await h.db.execute('SELECT count(*) AS n FROM sessions')).rows[0]?.n).toBe(0)
    const ok = await post({ ...body, title: ' 会前学法\u3000第一次 ' })
    expect(ok.status).toBe(201)
    expect(await ok.json()).toMatchObject({ title: '会前学法 第一次', unitCode: 'PL-A' })
  })
})

describe('the dashboard', () => {
  let f: UiFixture
  let jar: CookieJar
  beforeEach(async () => {
    f = await createUiFixture()
    jar = await logIn(f.app, f.tokens.admin)
  })
  afterEach(() => f.cleanup())

  it("refuses the session form's title with NUL or a zero-width space, naming the field", async () => {
    const sessions = async () => Number((await f.db.execute('SELECT count(*) AS n FROM sessions')).rows[0]?.n)
    const before = await sessions()
    for (const [title, code] of [
      ['前半\0后半', 'U+0000'],
      ['会前\u200B学法', 'U+200B'],
    ] as const) {
      const csrf = csrfOf(await (await get(f.app, jar, '/ui/sessions/new')).text())
      const form = [
        ['_csrf', csrf],
        ['kind', 'pre_meeting'],
        ['title', title],
        ['startsAt', '2024-07-02T09:00'],
        ['unitCode', 'PL'],
        ['passScore', '60'],
      ]
      const res = await f.app.request('/ui/sessions', {
        method: 'POST',
        headers: { cookie: jar.header() },
        body: new URLSearchParams(form),
      })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain(`「主题」的第 3 个字是不可见字符或控制字符（${code}）`)
    }
    // a law typed with a zero-width space would be a second, look-alike law: named by itself
    const csrf = csrfOf(await (await get(f.app, jar, '/ui/sessions/new')).text())
    const withLaw = new URLSearchParams([
      ['_csrf', csrf],
      ['kind', 'pre_meeting'],
      ['title', '会前学法'],
      ['startsAt', '2024-07-02T09:00'],
      ['unitCode', 'PL'],
      ['passScore', '60'],
      ['laws', '民法典\n行政\u200B复议法'],
    ])
    const res = await f.app.request('/ui/sessions', { method: 'POST', headers: { cookie: jar.header() }, body: withLaw })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('「行政\u200B复议法」的第 3 个字是不可见字符或控制字符（U+200B）')
    expect(await sessions()).toBe(before)
  })

  it("refuses a schedule's name with a zero-width space", async () => {
    const csrf = csrfOf(await (await get(f.app, jar, '/ui/schedules')).text())
    const form = [
      ['_csrf', csrf],
      ['name', '本周\u200B学法清单'],
      ['cron', '0 9 * * 1'],
    ]
    const res = await f.app.request('/ui/schedules', { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams(form) })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('「名称」的第 3 个字是不可见字符或控制字符（U+200B）')
    expect((await f.db.execute('SELECT count(*) AS n FROM schedules')).rows[0]?.n).toBe(0)
  })

  it('lists the first 100 problems of an import and counts the rest; a NUL in an id is named with its line', async () => {
    const form = new FormData()
    form.set('_csrf', csrfOf(await (await get(f.app, jar, '/ui/imports')).text()))
    form.set('kind', 'units')
    const rows = Array.from({ length: 250 }, (_, i) => `B${i}${i === 0 ? '\0' : ''},单位${i},NOPE\n`).join('')
    form.set('file', new File([`code,name,parent_code\n${rows}`], 'units.csv', { type: 'text/csv' }))
    const res = await f.app.request('/ui/imports', { method: 'POST', headers: { cookie: jar.header() }, body: form })
    expect(res.status).toBe(422)
    const html = await res.text()
    // the first row holds two problems (the NUL in its code, its unknown parent): 251 in all, 100 listed
    expect(html).toContain('发现 251 个问题，未导入任何数据：')
    expect(html.match(/<td class="num">/g)).toHaveLength(100)
    expect(html).toContain('第 3 个字是不可见字符或控制字符（U+0000）')
    expect(html).toContain('另有 151 个问题未列出（只列出前 100 个）')
  })
})
