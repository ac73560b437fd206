/**
 * The 任前 exam on the dashboard's 考试 page, through the real /ui routes: assigning one to an official of the viewer's
 * units, recording the outcome once it was taken, downloading the 成绩单 — and the refusals, in Chinese.
 */
import JSZip from 'jszip'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { answerCurrentQuestion } from '../../src/answering/answering.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { assignAppointmentExam } from '../../src/exams/exam.service.js'
import { type CookieJar, createUiFixture, csrfOf, get, logIn, TZ, type UiFixture } from '../helpers/browser.js'
import { seedQuestions, wrongReply } from './quiz-fixtures.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture() // 2024-06-15 10:00 local
  await seedQuestions(f.db, { single: 2, multiple: 1, judge: 1 })
})
afterEach(() => f.cleanup())

async function postForm(jar: CookieJar, path: string, fields: Record<string, string>) {
  const csrf = csrfOf(await (await get(f.app, jar, '/ui/exams')).text())
  return f.app.request(path, { method: 'POST', headers: { cookie: jar.header() }, body: new URLSearchParams({ _csrf: csrf, ...fields }) })
}
const assignForm = { officialId: 'S1', proposedPost: '县司法局副局长', opensAt: '2024-06-15T10:30', minutes: '30', passScore: '60' }
const audit = async (action: string) =>
  (
    await f.db.execute({ sql: 'SELECT actor, entity_id, detail_json, request_id FROM audit_log WHERE action = ?', args: [action] })
  ).rows.map((r) => ({ ...r }))
const examIdOf = async (officialId: string) =>
  Number(
    (await f.db.execute({ sql: "SELECT max(id) AS id FROM exams WHERE kind = 'appointment' AND official_id = ?", args: [officialId] }))
      .rows[0]!.id,
  )

/** S1 sits the exam in chat and answers every question wrong: the first sitting is failed, the make-up offered. */
async function failFirstSitting() {
  const deps = { db: f.db, clock: f.clock, tz: TZ }
  f.clock.set('2024-06-15T02:31:00Z')
  let q = (await startAppointmentExam(deps, 'S1'))[1]!
  for (let i = 0; i < 4; i++) {
    const reply = (await answerCurrentQuestion(deps, 'S1', wrongReply(q)))!
    q = reply[1] ?? ''
  }
}

describe('the 任前 exam on the 考试 page', () => {
  it('assigns from the form, refuses an outcome and a 成绩单 before the exam is taken, then records 暂缓任用 and gives the 成绩单', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const empty = await (await get(f.app, jar, '/ui/exams')).text()
    expect(empty).toContain('安排任前考试')
    expect(empty).toContain('<option value="S1">张伟（司法局）（县司法局，S1）</option>')
    expect(empty).not.toContain('value="Z1"') // 政府办 is not the 司法局 organizer's

    const assigned = await postForm(jar, '/ui/exams/appointment', assignForm)
    expect(assigned.status).toBe(303)
    const examId = await examIdOf('S1')
    expect(assigned.headers.get('location')).toBe(`/ui/exams?year=2024&assigned=${examId}#appointment`)
    const page = await (await get(f.app, jar, assigned.headers.get('location')!)).text()
    expect(page).toContain('已为张伟（司法局）安排任前法律知识考试。')
    expect(page).toContain('县司法局副局长')
    expect(page).not.toContain(`/ui/exams/appointment/${examId}/sheet.docx`) // nobody sat it yet
    const [row] = await audit('exam.assign')
    expect(row).toMatchObject({ entity_id: String(examId) })
    expect(String(row!.actor)).toMatch(/^token:\d+$/)
    expect(row!.request_id).not.toBeNull()

    const early = await postForm(jar, '/ui/exams/appointment/outcome', { examId: String(examId), outcome: 'withdrawn' })
    expect(early.status).toBe(409)
    expect(await early.text()).toContain('该任前考试还没有参加，不能记录结果')
    const noSheet = await get(f.app, jar, `/ui/exams/appointment/${examId}/sheet.docx`)
    expect(noSheet.status).toBe(409)
    expect(await noSheet.text()).toContain('该任前考试还没有人参加，没有成绩单可以生成。')
    expect(await audit('exam.outcome')).toEqual([])

    await failFirstSitting()
    const sat = await (await get(f.app, jar, '/ui/exams')).text()
    expect(sat).toContain(`<input type="hidden" name="examId" value="${examId}"/>`)
    const passed = await postForm(jar, '/ui/exams/appointment/outcome', { examId: String(examId), outcome: 'passed' })
    expect(passed.status).toBe(409)
    expect(await passed.text()).toContain('该人员未通过任前考试，不能记录“通过”。')
    const deferred = await postForm(jar, '/ui/exams/appointment/outcome', { examId: String(examId), outcome: 'deferred' })
    expect(deferred.status).toBe(303)
    const after = await (await get(f.app, jar, deferred.headers.get('location')!)).text()
    expect(after).toContain('已记录张伟（司法局）的任前考试结果：暂缓任用。')
    expect((await audit('exam.outcome')).map((r) => JSON.parse(String(r.detail_json)))).toEqual([{ outcome: 'deferred' }])

    const sheet = await get(f.app, jar, `/ui/exams/appointment/${examId}/sheet.docx`)
    expect(sheet.status).toBe(200)
    expect(sheet.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(sheet.headers.get('content-disposition')).toContain(`score-sheet-${examId}.docx`)
    const xml = await (await JSZip.loadAsync(await sheet.arrayBuffer())).file('word/document.xml')!.async('string')
    expect(xml).toContain('张伟（司法局）')
    expect(xml).toContain('暂缓任用')
  })

  it('refuses an opening time in the past, an official outside the units and a form without its token', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const past = await postForm(jar, '/ui/exams/appointment', { ...assignForm, opensAt: '2024-06-14T09:00' })
    expect(past.status).toBe(400)
    const pastHtml = await past.text()
    expect(pastHtml).toContain('开考时间已过，请选择将来的时间。')
    expect(pastHtml).toContain('value="县司法局副局长"') // what was typed stays
    const numbers = await postForm(jar, '/ui/exams/appointment', { ...assignForm, minutes: '4', passScore: '100.5' })
    expect(numbers.status).toBe(400)
    const numbersHtml = await numbers.text()
    expect(numbersHtml).toContain('限时应为5到600之间的整数（分钟）。')
    expect(numbersHtml).toContain('及格分应为0到100之间的数。')
    // someone outside the units is answered as someone who does not exist
    const outside = await postForm(jar, '/ui/exams/appointment', { ...assignForm, officialId: 'Z1' })
    expect(outside.status).toBe(400)
    expect(await outside.text()).toContain('请选择本单位及下属单位的在册人员。')
    const forged = await f.app.request('/ui/exams/appointment', {
      method: 'POST',
      headers: { cookie: jar.header() },
      body: new URLSearchParams(assignForm),
    })
    expect(forged.status).toBe(403)
    expect(await f.db.execute("SELECT id FROM exams WHERE kind = 'appointment'")).toMatchObject({ rows: [] })

    // another unit's candidate: neither their outcome nor their 成绩单 is reachable
    await assignAppointmentExam(
      { db: f.db, clock: f.clock, tz: TZ },
      { officialId: 'Z1', proposedPost: '办公室主任', opensAt: new Date('2024-06-16T01:00:00Z') },
      { actor: 'test' },
    )
    const z1 = await examIdOf('Z1')
    expect((await get(f.app, jar, `/ui/exams/appointment/${z1}/sheet.docx`)).status).toBe(404)
    const theirs = await postForm(jar, '/ui/exams/appointment/outcome', { examId: String(z1), outcome: 'withdrawn' })
    expect(theirs.status).toBe(404)
    expect(await theirs.text()).toContain('没有这场任前考试，或不在你管理的单位。')
  })

  it('shows a reporter the candidates without the forms, and refuses their posts', async () => {
    await assignAppointmentExam(
      { db: f.db, clock: f.clock, tz: TZ },
      {
        officialId: 'S1',
        proposedPost: '县司法局副局长',
        opensAt: new Date('2024-06-15T02:30:00Z'),
        blueprint: { single: 2, multiple: 1, judge: 1 },
      },
      { actor: 'test' },
    )
    await failFirstSitting()
    const jar = await logIn(f.app, f.tokens.reporter)
    const page = await (await get(f.app, jar, '/ui/exams')).text()
    expect(page).toContain('县司法局副局长')
    expect(page).not.toContain('name="proposedPost"')
    expect(page).not.toContain('name="examId"')
    expect(page).toContain(`/ui/exams/appointment/${await examIdOf('S1')}/sheet.docx`)
    const refused = await postForm(jar, '/ui/exams/appointment/outcome', { examId: String(await examIdOf('S1')), outcome: 'deferred' })
    expect(refused.status).toBe(403)
  })
})
