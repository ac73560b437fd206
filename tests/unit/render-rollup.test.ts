import { describe, expect, it } from 'vitest'
import { emptyByKind } from '../../src/reports/report.rules.js'
import { renderRollup } from '../../src/reports/render-rollup.js'
import type { Rollup, RollupFigures } from '../../src/reports/rollup.types.js'

function figures(held: number): RollupFigures {
  const zeros = { present: 0, late: 0, excused: 0, makeup: 0, absent: 0 }
  return {
    sessions: { held, byKind: emptyByKind(), preMeetingByBody: [], laws: [], hours: 0 },
    attendance: { expected: 0, ...zeros, rate: null, personTimes: 0, people: 0 },
    quizzes: { assigned: 0, completed: 0, completionRate: null, averageScore: null, passRate: null },
    exams: {
      appointment: { candidates: 0, tested: 0, coverage: null, passed: 0, passRate: null, makeups: 0, deferred: 0, withdrawn: 0 },
      enforcement_cert: { sittings: 0, personTimes: 0, passed: 0, passRate: null },
      annual: { enrolled: 0, tested: 0, participationRate: null, passRate: null, averageScore: null },
    },
  }
}

describe('the roll-up in Markdown', () => {
  const rollup: Rollup = {
    year: 2024,
    counties: [
      { namespace: 'a', unit: { code: 'A', name: 'A|县 *政府*\n<b>' }, ...figures(1) },
      { namespace: 'b', unit: { code: 'B', name: '[B](http://x) 区' }, ...figures(2) },
    ],
    total: figures(3),
    previousYear: null,
    changes: {},
    moved: [],
    sameIdOtherName: [
      {
        id: 'X_1',
        counties: [
          { namespace: 'a', name: '张三' },
          { namespace: 'b', name: '李四' },
        ],
      },
    ],
  }
  const md = String(renderRollup(rollup, 'md').body)

  it("escapes the counties' names: a row per county and the total, each with the header's columns", () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    // cells are split at pipes that are not escaped
    const columns = rows.map((l) => l.split(/(?<!\\)\|/).length)
    expect(rows).toHaveLength(4)
    expect(new Set(columns).size).toBe(1)
    expect(rows[1]).toContain('A\\|县 \\*政府\\* &lt;b&gt;')
    expect(rows[2]).toContain('\\[B\\]\\(http://x\\) 区')
    expect(md).not.toContain('<b>')
  })

  it('lists each 编号 counted as different people with the counties to check, not only how many', () => {
    expect(md).toContain('人员编号相同而姓名不同、按不同人员计算的：1个编号')
    expect(md).toContain('- X\\_1：A\\|县 \\*政府\\* &lt;b&gt;、\\[B\\]\\(http://x\\) 区')
    // the officials' names are not printed in the document
    expect(md).not.toContain('张三')
  })
})
