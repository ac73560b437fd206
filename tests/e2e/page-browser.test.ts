/**
 * The mobile page in Chromium at a phone's size (360×740): the quiz without script, the exams (任前, 年度学法考试) with it,
 * the link's refusals.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { assignAppointmentExam } from '../../src/exams/exam.service.js'
import { scheduleAnnualExam } from '../../src/exams/annual.service.js'
import { launchChromium, listen } from '../helpers/browser.js'
import { createPageFixture, SESSION_ID, TZ, type PageFixture } from '../helpers/page.js'

const SHOTS = 'test-artifacts/page'
const PHONE = { width: 360, height: 740 }

let f: PageFixture
let server: { baseUrl: string; close(): Promise<void> }
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  f = await createPageFixture()
  server = await listen(f.app)
  browser = await launchChromium()
}, 30_000)

afterAll(async () => {
  for (const c of contexts) await c.close()
  await browser?.close()
  await server?.close()
  f?.cleanup()
})

async function phone(javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', javaScriptEnabled })
  contexts.push(context)
  return context.newPage()
}
const url = (path: string) => `${server.baseUrl}${path}`
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
const option = (page: Page, position: number, text: string) => page.locator(`#q${position} label`, { hasText: text })
async function rows(sql: string) {
  return (await f.db.execute(sql)).rows.map((r) => ({ ...r }))
}

/** Chooses the right answer of every question on the page (the bank's answers are known by the stem's id). */
async function answerAllRight(page: Page) {
  const count = await page.locator('fieldset[id^="q"]').count()
  for (let p = 1; p <= count; p++) {
    const stem = (await page.locator(`#q${p} legend`).textContent()) ?? ''
    const id = /题目([SMJ])(\d+)/.exec(stem)!
    if (id[1] === 'S') await option(page, p, '. 乙').click()
    else if (id[1] === 'M') for (const o of ['. 甲', '. 丙', '. 丁']) await option(page, p, o).click()
    else await option(page, p, Number(id[2]) % 2 === 1 ? '对' : '错').click()
  }
}

describe('the mobile page in Chromium at 360×740', () => {
  it('takes the quiz without JavaScript: material, one form, the result with explanations', async () => {
    const page = await phone(false)
    await page.goto(url(f.path('A001', 'session', SESSION_ID)))
    expect(await page.locator('h1').textContent()).toBe('县政府常务会议会前学法')
    expect(await fitsWidth(page)).toBe(true)
    // large tap targets
    const box = await option(page, 1, '. 乙').boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)
    await shot(page, 'quiz-form')
    await option(page, 1, '. 乙').click()
    for (const o of ['. 甲', '. 丙']) await option(page, 2, o).click() // one option missing: wrong
    await option(page, 3, '对').click()
    await option(page, 4, '错').click()
    await page.getByRole('button', { name: '提交答卷' }).click()
    await page.waitForURL(/\/m\/[^/?]+$/)
    expect(await page.locator('.score').textContent()).toBe('得分 75 分（60分及格）')
    expect(await page.locator('main').textContent()).toContain('解析：解析M01')
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'quiz-result')
    expect(await rows("SELECT state, score FROM attempts WHERE official_id = 'A001'")).toEqual([{ state: 'finished', score: 75 }])
  })

  it('takes the quiz with JavaScript on too, and a form left incomplete is refused by the browser before it is sent', async () => {
    const page = await phone()
    await page.goto(url(f.path('A002', 'session', SESSION_ID)))
    await page.getByRole('button', { name: '提交答卷' }).click()
    expect(await page.evaluate(() => (document.querySelector('input[name="q1"]') as HTMLInputElement).validity.valid)).toBe(false)
    await answerAllRight(page)
    await page.getByRole('button', { name: '提交答卷' }).click()
    await page.waitForURL(/\/m\/[^/?]+$/)
    expect(await page.locator('.score').textContent()).toBe('得分 100 分（60分及格）')
  })

  it('runs the exam: timer, answers saved when chosen, a reload, time running out, the make-up', async () => {
    const { examId } = await assignAppointmentExam(
      { db: f.db, clock: f.clock, tz: TZ, links: f.links },
      {
        officialId: 'A003',
        proposedPost: '县司法局副局长',
        opensAt: f.clock.now(),
        minutes: 30,
        blueprint: { single: 2, multiple: 1, judge: 1 },
      },
      { actor: 'test' },
    )
    const path = f.path('A003', 'exam', String(examId))
    const page = await phone()
    await page.goto(url(path))
    expect(await page.locator('h1').textContent()).toBe('任前法律知识考试')
    await shot(page, 'exam-intro')
    await page.getByRole('button', { name: '开始考试' }).click()
    await page.waitForSelector('#left')
    await page.locator('#left', { hasText: /^\d+:\d\d$/ }).waitFor() // the script counts down from the server's figure
    expect(await page.locator('#left').getAttribute('data-seconds')).toBe('1800')
    await option(page, 1, '. 乙').click()
    await page.locator('#st1', { hasText: '已保存' }).waitFor()
    await option(page, 3, '. ').first().click()
    await page.locator('#st3', { hasText: '已保存' }).waitFor()
    const saved = "SELECT a.position FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.official_id = 'A003' ORDER BY a.position"
    expect(await rows(saved)).toEqual([{ position: 1 }, { position: 3 }])
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'exam-running')

    // a reload in the middle: the answers are there, the time is the server's
    f.clock.advanceMinutes(12)
    await page.reload()
    expect(await option(page, 1, '. 乙').locator('input').isChecked()).toBe(true)
    expect(await page.locator('#left').getAttribute('data-seconds')).toBe('1080')
    await shot(page, 'exam-reloaded')

    // time runs out on the server: the next answer chosen finds the sitting closed, and the page shows why
    f.clock.advanceMinutes(19)
    await option(page, 2, '. 甲').click()
    await page.getByRole('button', { name: '开始补考' }).waitFor()
    expect(await page.locator('main').textContent()).toContain('考试时间已到')
    await shot(page, 'exam-timed-out')

    f.clock.advanceMinutes(5)
    await page.getByRole('button', { name: '开始补考' }).click()
    await page.waitForSelector('#left')
    expect(await page.locator('h1').textContent()).toBe('【补考】任前法律知识考试')
    await answerAllRight(page)
    await page.getByRole('button', { name: '交卷' }).click()
    await page.locator('text=你已通过本次考试。').waitFor()
    await shot(page, 'exam-passed')
    expect(await rows(`SELECT attempt, passed FROM exam_results WHERE exam_id = ${examId} ORDER BY attempt`)).toEqual([
      { attempt: 1, passed: 0 },
      { attempt: 2, passed: 1 },
    ])
    // the notice and one result per sitting
    expect(await rows("SELECT count(*) AS n FROM deliveries WHERE recipient = 'official:A003'")).toEqual([{ n: 3 }])
  })

  it('takes the 年度学法考试: the window and attempts, a sitting handed in, the result with another sitting, passed', async () => {
    const now = f.clock.now()
    await scheduleAnnualExam(
      { db: f.db, clock: f.clock, tz: TZ },
      {
        unitCode: 'PL',
        opensAt: now,
        closesAt: new Date(now.getTime() + 7 * 86_400_000),
        minutes: 30,
        attempts: 2,
        blueprint: { single: 2, multiple: 1, judge: 1 },
      },
      { actor: 'test' },
    )
    const [exam] = await rows("SELECT id FROM exams WHERE kind = 'annual' AND official_id = 'A002'")
    const page = await phone()
    await page.goto(url(f.path('A002', 'exam', String(exam!.id))))
    expect(await page.locator('h1').textContent()).toBe('年度学法考试')
    expect(await page.locator('main').textContent()).toContain('可考2次，成绩取最高分；已考0次。')
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'annual-intro')

    await page.getByRole('button', { name: '开始考试' }).click()
    await page.locator('#left', { hasText: /^\d+:\d\d$/ }).waitFor()
    expect(await page.locator('#left').getAttribute('data-seconds')).toBe('1800')
    expect(await page.locator('h1').textContent()).toBe('年度学法考试')
    await option(page, 1, '. 乙').click()
    await page.locator('#st1', { hasText: '已保存' }).waitFor()
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'annual-running')
    // handed in with three questions left: failed, a second sitting offered while the window is open
    await page.getByRole('button', { name: '交卷' }).click()
    await page.getByRole('button', { name: '再考一次' }).waitFor()
    const result = (await page.locator('main').textContent()) ?? ''
    expect(result).toContain('你还可以再考1次')
    expect(result).not.toContain('补考')
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'annual-result')

    f.clock.advanceMinutes(5)
    await page.getByRole('button', { name: '再考一次' }).click()
    await page.waitForSelector('#left')
    await answerAllRight(page)
    await page.getByRole('button', { name: '交卷' }).click()
    await page.locator('text=你已及格，本次考试已完成。').waitFor()
    expect(await page.getByRole('button').count()).toBe(0)
    await shot(page, 'annual-passed')
    expect(await rows(`SELECT attempt, passed FROM exam_results WHERE exam_id = ${exam!.id} ORDER BY attempt`)).toEqual([
      { attempt: 1, passed: 0 },
      { attempt: 2, passed: 1 },
    ])
    // no result message: the page showed both
    expect(await rows("SELECT count(*) AS n FROM deliveries WHERE recipient = 'official:A002' AND dedup_key LIKE 'attempt.%'")).toEqual([
      { n: 0 },
    ])
  })

  it("refuses another person's token, says an expired link has expired and sends a new one", async () => {
    const { examId } = await assignAppointmentExam(
      { db: f.db, clock: f.clock, tz: TZ },
      {
        officialId: 'A001',
        proposedPost: '县司法局局长',
        opensAt: f.clock.now(),
        minutes: 30,
        blueprint: { single: 1, multiple: 0, judge: 1 },
      },
      { actor: 'test' },
    )
    const page = await phone()
    // A002's link to A001's exam
    const res = await page.goto(url(f.path('A002', 'exam', String(examId))))
    expect(res!.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('页面不存在')
    await shot(page, 'not-found')
    // A001's running exam form, posted under A002's token
    await page.goto(url(f.path('A001', 'exam', String(examId))))
    await page.getByRole('button', { name: '开始考试' }).click()
    await page.waitForSelector('#left')
    const other = f.path('A002', 'session', SESSION_ID)
    await page.evaluate((action) => document.getElementById('exam')!.setAttribute('action', `${action}/save`), other)
    await page.getByRole('button', { name: '交卷' }).click()
    expect(await page.locator('h1').textContent()).toBe('无法提交')
    await shot(page, 'refused')
    expect(await rows(`SELECT count(*) AS n FROM exam_results WHERE exam_id = ${examId}`)).toEqual([{ n: 0 }])

    const expired = f.path('A002', 'session', SESSION_ID, new Date(f.clock.now().getTime() + 60_000))
    f.clock.advanceMinutes(2)
    await page.goto(url(expired))
    expect(await page.locator('h1').textContent()).toBe('链接已过期')
    await page.getByRole('button', { name: '发送新链接' }).click()
    expect(await page.locator('.alert').textContent()).toContain('新链接已发送')
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'expired-resent')
  })
})
