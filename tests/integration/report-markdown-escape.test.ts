/**
 * Issue 18 item 6: the Markdown report carried raw HTML from unit names, meeting bodies and law titles. Every value
 * now goes through one escaping (render-md.ts `escapeMarkdown`): no tag, no Markdown structure comes out of a value,
 * and a reader (CommonMark: backslash escapes and entities) gets the value back as text.
 */
import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { TZ } from '../helpers/report-fixtures.js'
import { buildCounty } from '../helpers/report-county.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { escapeMarkdown, renderMarkdown } from '../../src/reports/render-md.js'

let t: TestDb | undefined
afterEach(() => {
  t?.cleanup()
  t = undefined
})

const HOSTILE_UNIT = '<script>alert(1)</script>平罗县**人民**政府_[点我](javascript:alert(1))'
const HOSTILE_BODY = '<img src=x onerror=alert(1)>常务|会议`code`\n# 标题\n> 引用'
const HOSTILE_LAW = '- 1. <b>法</b> ~~删~~ ![x](http://evil/x.png) \\ & &amp; {x} +'

/** What a CommonMark reader makes of escaped text: backslash escapes of ASCII punctuation and the four entities. */
function unescapeMarkdown(md: string): string {
  return md
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e] ?? '')
}

/** Characters that would make markup if they stood unescaped. */
const UNESCAPED_MARKUP = /(?<!\\)[*_`[\]()#!|~{}+]/

describe('the Markdown report with hostile names', () => {
  it('escapes unit names, meeting bodies and law titles everywhere they appear', async () => {
    t = await createTestDb()
    await buildCounty(t.db)
    await t.db.batch([
      { sql: "UPDATE units SET name = :n WHERE code = 'PL'", args: { n: HOSTILE_UNIT } },
      { sql: "UPDATE sessions SET body = :b WHERE id IN ('S1', 'S6')", args: { b: HOSTILE_BODY } },
      { sql: "UPDATE session_laws SET law_title = :l WHERE law_title = '中华人民共和国行政复议法'", args: { l: HOSTILE_LAW } },
    ])
    const report = await buildAnnualReport(t.db, { year: 2024, unitCode: 'PL', tz: TZ })
    const md = renderMarkdown(report, { charts: false })
    expect(report.narrative.join('')).toContain('<script>')
    expect(md).not.toMatch(/[<>]/)
    expect(md).not.toContain('javascript:alert(1))')

    const lines = md.split('\n')
    let columns = 0
    let tables = 0
    for (const line of lines) {
      if (line === '') continue
      // the structure is ours alone: headings, table rows, paragraphs that start as text
      expect(line, line).toMatch(/^(#{1,3} |\| |[^\s#>\-+*=|`])/)
      expect(line, line).not.toMatch(/^\d+[.)](\s|$)/)
      if (line.startsWith('### ')) columns = 0
      if (!line.startsWith('| ')) {
        expect(line.replace(/^#{1,3} /, ''), line).not.toMatch(UNESCAPED_MARKUP)
        continue
      }
      // a value's | is escaped: every row of a table has as many cells as its header
      const cells = line.split(/(?<!\\)\|/).slice(1, -1)
      if (columns === 0) {
        columns = cells.length
        tables += 1
      }
      expect(cells.length, line).toBe(columns)
      for (const c of cells) expect(c, line).not.toMatch(UNESCAPED_MARKUP)
    }
    expect(tables).toBeGreaterThan(2)
    // figures read as written: no escape where none is needed
    expect(md).toContain('| 会前学法测试·完成率 | 71.4% | — |')

    // read back, the title and the paragraphs are the values, newlines aside
    expect(unescapeMarkdown(lines[0] ?? '')).toBe(`# ${HOSTILE_UNIT}2024年度领导干部学法情况`)
    for (const p of report.narrative) expect(md).toContain(escapeMarkdown(p))
    const body = HOSTILE_BODY.replace(/\n/g, ' ')
    expect(unescapeMarkdown(md)).toContain(`${body}开展会前学法2次`)
    expect(unescapeMarkdown(md)).toContain(`| 《${HOSTILE_LAW}》 | 3 |`)
  })
})

describe('escapeMarkdown', () => {
  it.each([
    ['# 标题', '\\# 标题'],
    ['- 项', '\\- 项'],
    ['= 项', '\\= 项'],
    ['1. 项', '1\\. 项'],
    ['12) 项', '12\\) 项'],
    ['    缩进', '缩进'],
    ['甲\n> 乙\r\n丙', '甲 &gt; 乙 丙'],
    ['a|b', 'a\\|b'],
    ['`x`', '\\`x\\`'],
    ['<img src=x onerror="alert(1)">', '&lt;img src=x onerror=&quot;alert\\(1\\)&quot;&gt;'],
    ['A&amp;B', 'A&amp;amp;B'],
    ['2024年平罗县', '2024年平罗县'],
    ['71.4%', '71.4%'],
    ['3.', '3\\.'],
  ])('%j → %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output)
  })

  it('gives any text back, one line, with no tag and no unescaped markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'<>&"\'\\`*_[]()#!|~{}+-=.) \n\t1a平') }), (s) => {
        const out = escapeMarkdown(s)
        expect(out).not.toMatch(/[<>\n\r]/)
        expect(out).not.toMatch(/^[\s\-=]|^\d+[.)](\s|$)/)
        expect(out.replace(/\\\\/g, '')).not.toMatch(UNESCAPED_MARKUP)
        expect(unescapeMarkdown(out)).toBe(s.replace(/\r\n?|\n/g, ' ').replace(/^[ \t]+/, ''))
      }),
      { numRuns: 300 },
    )
  })
})
