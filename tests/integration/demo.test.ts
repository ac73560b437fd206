/**
 * `xuefa demo`: the printed report checked against what the simulation did — the marks it meant, the answers it
 * gave, the exam it failed and passed — and against the rows the app wrote for it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDemo, type DemoResult } from '../../src/demo/run-demo.js'
import { DEMO_COPY as C } from '../../src/demo/copy.zh.js'
import { percent } from '../../src/reports/numbers.zh.js'
import { openDb } from '../../src/storage/db.js'
import { emptyCounts, STANDING_MEETING, type MarkCounts } from '../../src/demo/history.js'
import { runXuefa } from '../helpers/cli.js'

const YEAR = 2024
let out: string
let r: DemoResult
/** the progress lines (stderr of `xuefa demo`) */
const lines: string[] = []

function sum(...counts: MarkCounts[]): MarkCounts & { expected: number } {
  const total = emptyCounts()
  for (const c of counts) for (const k of Object.keys(total) as (keyof MarkCounts)[]) total[k] += c[k]
  return { ...total, expected: Object.values(total).reduce((n, v) => n + v, 0) }
}

/** What the simulation meant for the live meeting, counted from its own record. */
function simulatedMarks(): MarkCounts {
  const c = emptyCounts()
  for (const status of Object.values(r.meeting.marks)) c[status]++
  return c
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'xuefa-demo-out-'))
  r = await runDemo({ seed: 5, year: YEAR, outDir: out, keepDatabase: true, progress: (l) => lines.push(l) })
}, 60_000)
afterAll(() => {
  if (r) rmSync(r.dir, { recursive: true, force: true })
  rmSync(out, { recursive: true, force: true })
})

describe('runDemo', () => {
  it('plays the meeting as planned: one late, one on leave then made up, one absent, everyone else on time', () => {
    const { roles, marks, audience } = r.meeting
    expect(audience).toHaveLength(16)
    expect(r.bound).toHaveLength(40)
    expect(marks[roles.late]).toBe('late')
    expect(marks[roles.leave]).toBe('makeup')
    expect(marks[roles.absent]).toBe('absent')
    expect(simulatedMarks()).toEqual({ present: 13, late: 1, excused: 0, makeup: 1, absent: 1 })
  })

  it('wrote the marks the simulation meant, each from where it came from', async () => {
    const db = await openDb(r.dbUrl)
    try {
      const rs = await db.execute({ sql: 'SELECT official_id, status, source FROM attendance WHERE session_id = ?', args: [r.meeting.id] })
      const rows = Object.fromEntries(rs.rows.map((x) => [String(x.official_id), `${x.status}/${x.source}`]))
      const expected = Object.fromEntries(
        // 补学 by finishing the make-up quiz: written by the system (source 'makeup'), not by an organizer
        Object.entries(r.meeting.marks).map(([id, s]) => [id, `${s}/${s === 'absent' ? 'auto' : s === 'makeup' ? 'makeup' : 'chat'}`]),
      )
      expect(rows).toEqual(expected)
      const exam = await db.execute({
        sql: `SELECT attempt, score, passed FROM exam_results WHERE exam_kind = 'appointment' AND official_id = ? ORDER BY attempt`,
        args: [r.exam.officialId],
      })
      expect(exam.rows.map((x) => [Number(x.attempt), Number(x.score), Number(x.passed)])).toEqual(
        r.exam.sittings.map((s) => [s.attempt, s.score, s.passed ? 1 : 0]),
      )
    } finally {
      db.close()
    }
  })

  it('answered the quiz right and wrong on purpose, and the bot scored exactly that', () => {
    const { quiz, roles, questions } = r.meeting
    const takers = quiz.map((q) => q.officialId)
    expect(new Set(takers).size).toBe(takers.length)
    // the one on leave answers the make-up quiz after the session (the last take), the absent one never
    expect(takers.at(-1)).toBe(roles.leave)
    expect(takers).not.toContain(roles.absent)
    expect(takers).toContain(roles.procrastinator)
    for (const q of quiz) {
      expect(q.answers).toHaveLength(questions)
      expect(q.score).toBeCloseTo((100 * q.answers.filter(Boolean).length) / questions, 1)
    }
    expect(quiz.some((q) => q.answers.includes(false))).toBe(true)
    expect(quiz.some((q) => q.answers.includes(true))).toBe(true)
  })

  it('has most answer the whole quiz in one chat message, some on the page (the reminded one too), two one question at a time', () => {
    const { quiz, roles } = r.meeting
    const by = (way: string) => quiz.filter((q) => q.way === way)
    expect(by('whole').length).toBeGreaterThan(quiz.length / 2)
    expect(by('step')).toHaveLength(2)
    expect(by('page').map((q) => q.officialId)).toContain(roles.procrastinator)
    expect(by('whole').length + by('page').length + by('step').length).toBe(quiz.length)
    // what they typed is in the letters their notice or page showed: one answer per question
    for (const q of by('whole')) for (const reply of q.replies) expect(reply).toMatch(/^(?:[A-F]+|对|错)$/)
    expect(lines).toContain(C.detail(C.messagesPerPerson(String(Math.round(r.meeting.messagesPerPerson * 10) / 10))))
  })

  it('sends each person one notice with their link, and a few messages in all where one question at a time took ~14', async () => {
    const db = await openDb(r.dbUrl)
    try {
      const rs = await db.execute({
        sql: `SELECT recipient, COUNT(*) AS n FROM deliveries WHERE json_extract(message_json, '$.message.tag') = 'session.materials' GROUP BY recipient`,
        args: [],
      })
      expect(rs.rows).toHaveLength(r.meeting.audience.length)
      for (const row of rs.rows) expect(Number(row.n)).toBe(1)
    } finally {
      db.close()
    }
    expect(r.meeting.messagesPerPerson).toBeGreaterThanOrEqual(2)
    expect(r.meeting.messagesPerPerson).toBeLessThan(5)
  })

  it('reports attendance, quizzes and sessions as imported plus simulated', () => {
    const past = r.history[YEAR]!
    const want = sum(past.marks, simulatedMarks())
    const a = r.report.attendance
    expect({ expected: a.expected, present: a.present, late: a.late, excused: a.excused, makeup: a.makeup, absent: a.absent }).toEqual(want)
    expect(a.rate).toBeCloseTo((want.present + want.late + want.makeup) / want.expected, 4)
    const pre = past.sessions.filter((s) => s.kind === 'pre_meeting').length + 1
    expect(r.report.sessions.held).toBe(past.sessions.length + 1)
    expect(r.report.sessions.preMeetingByBody).toEqual([{ body: STANDING_MEETING, count: pre }])
    const q = r.report.quizzes
    const passed = r.meeting.quiz.filter((t) => t.passed).length
    expect(q).toMatchObject({ assigned: r.meeting.audience.length, completed: r.meeting.quiz.length })
    expect(q.passRate).toBeCloseTo(passed / r.meeting.quiz.length, 4)
    expect(q.averageScore).toBeCloseTo(r.meeting.quiz.reduce((n, t) => n + t.score, 0) / r.meeting.quiz.length, 1)
    expect(r.report.previousYear?.attendance).toMatchObject(sum(r.history[YEAR - 1]!.marks))
    expect(r.report.exams.enforcement_cert).toMatchObject({
      personTimes: past.enforcement.personTimes,
      passed: past.enforcement.passed,
      sittings: 1,
    })
  })

  it('counts the 任前 candidate once, passed after one make-up on the page, full coverage', () => {
    expect(r.exam.sittings.map((s) => s.passed)).toEqual([false, true])
    for (const s of r.exam.sittings) expect(s.score).toBeCloseTo((100 * s.right) / s.total, 1)
    expect(r.report.exams.appointment).toEqual({
      candidates: 1,
      tested: 1,
      coverage: 1,
      passed: 1,
      passRate: 1,
      makeups: 1,
      deferred: 0,
      withdrawn: 0,
    })
  })

  it('counts the 年度学法考试 taken on the page: everyone of the department enrolled, all but one sat it', () => {
    const { sittings, enrolled, questions } = r.annual
    for (const s of sittings) expect(s.score).toBeCloseTo((100 * s.right) / questions, 1)
    expect(sittings).toHaveLength(enrolled - 1)
    expect(sittings.map((s) => s.officialId)).not.toContain(r.annual.absent)
    const a = r.report.exams.annual
    expect(a).toMatchObject({ enrolled, tested: sittings.length })
    expect(a.participationRate).toBeCloseTo(sittings.length / enrolled, 4)
    expect(a.passRate).toBeCloseTo(sittings.filter((s) => s.passed).length / sittings.length, 4)
    expect(a.averageScore).toBeCloseTo(sittings.reduce((n, s) => n + s.score, 0) / sittings.length, 1)
    expect(r.report.narrative[1]).toContain(`开展年度学法考试，应考${enrolled}人，参考${sittings.length}人`)
    expect(r.printed).toContain(`年度学法考试：应考${enrolled}人，参考${sittings.length}人`)
  })

  it('prints the narrative and the figures the simulation produced', () => {
    const want = sum(r.history[YEAR]!.marks, simulatedMarks())
    const pre = r.report.sessions.preMeetingByBody[0]!.count
    const [study, exams] = r.report.narrative
    expect(study).toContain(`${YEAR}年，河阳县人民政府`)
    expect(study).toContain(`${STANDING_MEETING}开展会前学法${pre}次`)
    expect(study).toContain(`全年应参学${want.expected}人次`)
    expect(study).toContain(`会前学法测试应参加${r.meeting.audience.length}人次，完成${r.meeting.quiz.length}人次`)
    expect(exams).toContain('任前法律知识考试已全面推行，应考1人，参考1人，实现应考尽考。通过1人，通过率100%。组织补考1人次。')
    for (const p of r.report.narrative) expect(r.printed).toContain(p)
    expect(r.printed).toContain(C.figAttendance(want, percent((want.present + want.late + want.makeup) / want.expected)))
    expect(r.printed).toContain(`会前学法测试：应参加${r.meeting.audience.length}人次，完成${r.meeting.quiz.length}人次`)
    expect(r.printed).toContain('任前法律知识考试：应考1人，参考1人，参考率100%，通过1人，通过率100%，补考1人次')
    expect(r.printed).toContain(r.files.docx)
    expect(r.printed).toContain(r.files.xlsx)
  })

  it('writes the DOCX report and the XLSX ledger where it says', async () => {
    expect(r.files.docx.startsWith(out)).toBe(true)
    const docx = await JSZip.loadAsync(readFileSync(r.files.docx))
    expect(await docx.file('word/document.xml')?.async('string')).toContain('河阳县人民政府')
    const xlsx = await JSZip.loadAsync(readFileSync(r.files.xlsx))
    expect(xlsx.file('xl/workbook.xml')).not.toBeNull()
  })
})

// a child process on purpose: `npm run demo` must also end on its own (nothing of Wechaty's keeps the process alive)
describe('xuefa demo', () => {
  it('runs as `node bin/xuefa.js demo`, exits 0 and prints the report', async () => {
    const res = await runXuefa(['demo', '--seed', '2'])
    expect(res.stderr).toContain('[13/13]')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('坚持领导干部学法制度，县政府常务会议开展会前学法3次')
    expect(res.stdout).toContain('任前法律知识考试已全面推行')
    const docx = /年度报告（Word）：(.+\.docx)/.exec(res.stdout)?.[1]
    expect(docx && existsSync(docx)).toBe(true)
    if (docx) rmSync(join(docx, '..'), { recursive: true, force: true })
  }, 60_000)
})
