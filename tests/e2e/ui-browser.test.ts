import { mkdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createUiFixture, launchChromium, listen, zipEntryNames, type UiFixture } from '../helpers/browser.js'

const SHOTS = 'test-artifacts/screenshots'
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

let f: UiFixture
let server: { baseUrl: string; close(): Promise<void> }
let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  f = await createUiFixture({ botStatuses: () => [{ state: 'waiting_scan', qr: 'https://login.weixin.qq.com/l/IbLOc4hJxw==' }] })
  await f.db.batch([
    {
      sql: "INSERT INTO exams (kind, official_id, proposed_post, opens_at, state, created_at, updated_at) VALUES ('appointment', 'S3', '县司法局副局长', '2024-05-10T01:00:00.000Z', 'passed', ?1, ?1)",
      args: [f.clock.now().toISOString()],
    },
    {
      sql: "INSERT INTO exam_results (exam_kind, official_id, taken_at, score, passed, attempt, proposed_post, outcome, created_at) VALUES ('appointment', 'S3', '2024-05-10T01:30:00.000Z', 86, 1, 1, '县司法局副局长', 'passed', ?1)",
      args: [f.clock.now().toISOString()],
    },
  ])
  server = await listen(f.app)
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: DESKTOP, acceptDownloads: true, locale: 'zh-CN' })).newPage()
}, 30_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  f?.cleanup()
})

const url = (path: string) => `${server.baseUrl}${path}`
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

async function logInAs(p: Page, token: string) {
  await p.goto(url('/ui/login'))
  await p.getByLabel('访问令牌').fill(token)
  await p.getByRole('button', { name: '登录' }).click()
}

describe('the dashboard in Chromium', () => {
  it('refuses a wrong token, then logs in with a good one', async () => {
    await page.goto(url('/ui/sessions'))
    expect(new URL(page.url()).pathname).toBe('/ui/login')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文')
    await logInAs(page, 'xf_this_is_not_a_token')
    expect(await page.getByRole('alert').textContent()).toContain('令牌无效')
    await shot('login-error')
    await logInAs(page, f.tokens.admin)
    expect(new URL(page.url()).pathname).toBe('/ui/sessions')
    expect(await page.locator('table.list tbody tr').count()).toBe(5)
    await shot('sessions-list')
    await page.goto(url('/ui/calendar?year=2024&month=6'))
    expect(await page.locator('table.calendar a').count()).toBe(5)
    await shot('calendar')
  })

  it('creates a session through the form', async () => {
    await page.getByRole('link', { name: '新建活动' }).click()
    await page.getByLabel('类型').selectOption('lecture')
    await page.getByLabel('主题').fill('《行政复议法》专题讲座')
    await page.getByLabel('开始时间').fill('2024-06-25T09:30')
    await page.getByLabel('组织单位').selectOption('SFJ')
    await page.getByLabel('学习法律法规').fill('中华人民共和国行政复议法\n中华人民共和国行政诉讼法')
    await page.getByLabel('县司法局').check()
    await shot('session-form')
    await page.getByRole('button', { name: '保存' }).click()
    expect(page.url()).toMatch(/\/ui\/sessions\/S20240625-[0-9a-f]{6}\?done=created$/)
    expect(await page.locator('h1').textContent()).toBe('《行政复议法》专题讲座')
    expect(await page.locator('dl.facts').textContent()).toContain('2024-06-25 09:30')
    // what will go out and when, before anything is sent
    const timeline = await page.locator('table.timeline tbody').textContent()
    expect(timeline).toContain('2024-06-24 09:00推送学习材料和会前测试通知待发送')
    expect(timeline).toContain('2024-06-25 10:30结束：未登记者记为缺席，发送小结待发送')
    await shot('session-timeline')
  })

  it('marks attendance on the sheet, saved together, with who and when', async () => {
    // marks other than 请假 wait for a session to start: the sheet of 司法局's session of 06-12, held, its unmarked absent
    await page.goto(url(`/ui/sessions/${f.sfjSessionId}`))
    await page.getByLabel('张伟（司法局） 出勤情况').selectOption('present')
    await page.getByLabel('王芳（司法局） 出勤情况').selectOption('late')
    await page.getByLabel('李娜（司法局） 出勤情况').selectOption('excused')
    await page.getByRole('button', { name: '保存出勤登记' }).click()
    expect(await page.getByRole('status').textContent()).toContain('更新 3 条')
    expect(await page.getByLabel('王芳（司法局） 出勤情况').inputValue()).toBe('late')
    const id = new URL(page.url()).pathname.split('/').pop()!
    const rs = await f.db.execute({
      sql: "SELECT official_id, status FROM attendance WHERE session_id = ? AND source = 'ui' ORDER BY official_id",
      args: [id],
    })
    expect(rs.rows.map((r) => `${r.official_id}:${r.status}`)).toEqual(['S1:present', 'S2:late', 'S3:excused'])
    expect(await page.locator('table.sheet tbody tr').first().textContent()).toContain('2024-06-15 10:00')
    await shot('session-attendance')
    await page.setViewportSize(PHONE)
    expect(await fitsWidth()).toBe(true)
    await shot('session-attendance-phone')
    await page.goto(url('/ui/calendar?year=2024&month=6'))
    expect(await fitsWidth()).toBe(true)
    await shot('calendar-phone')
    await page.setViewportSize(DESKTOP)
  })

  it('opens the report with its charts and downloads a valid DOCX', async () => {
    await page.goto(url('/ui/report?year=2024'))
    expect(await page.locator('figure.chart svg').count()).toBe(2)
    expect(await page.locator('table caption').allTextContents()).toContain('目标完成情况')
    await shot('report')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Word（DOCX）' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
    const names = zipEntryNames(readFileSync((await download.path())!))
    expect(names).toContain('word/document.xml')
    await page.setViewportSize(PHONE)
    expect(await fitsWidth()).toBe(true)
    await shot('report-phone')
    await page.setViewportSize(DESKTOP)
  })

  it('adds a weekly push of the 学法清单 on working days', async () => {
    await page.getByRole('link', { name: '定时推送' }).click()
    await page.getByLabel('名称').fill('司法局每周学法清单')
    await page.getByLabel('时间', { exact: true }).fill('0 9 * * 1')
    await page.getByLabel('推送到哪个单位的群机器人（含下级单位）').selectOption('SFJ')
    await page.getByRole('button', { name: '保存' }).click()
    expect(await page.getByRole('status').textContent()).toBe('定时推送已保存。')
    expect(await page.locator('table.list tbody').textContent()).toContain('2024-06-17 09:00')
    await shot('schedules')
  })

  it('shows the exam candidates, the bot QR code and the import form', async () => {
    await page.goto(url('/ui/exams?year=2024'))
    expect(await page.locator('table.list tbody').textContent()).toContain('县司法局副局长')
    await shot('exams')
    await page.goto(url('/ui/bot'))
    expect(await page.getByRole('img', { name: '微信登录二维码' }).isVisible()).toBe(true)
    await shot('bot')
    await page.goto(url('/ui/imports'))
    await page.getByLabel('数据类型').selectOption('units')
    await page
      .getByLabel('文件')
      .setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from('code,name,parent_code\nX1,,NOPE\n') })
    await page.getByRole('button', { name: '上传并导入' }).click()
    expect(await page.locator('table.list tbody tr').count()).toBeGreaterThan(0)
    await shot('imports-errors')
  })

  it('refuses a form posted without the anti-forgery token', async () => {
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const res = await fetch(url('/ui/sessions'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ kind: 'lecture', title: '伪造', startsAt: '2024-07-01T09:00', unitCode: 'PL' }),
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('防伪令牌')
    expect((await f.db.execute("SELECT count(*) AS n FROM sessions WHERE title = '伪造'")).rows[0]?.n).toBe(0)
  })

  it("shows an organizer of one unit opening another unit's session the page of a missing one (404)", async () => {
    const other = await (await browser.newContext({ viewport: DESKTOP })).newPage()
    await logInAs(other, f.tokens.sfj)
    const res = await other.goto(url(`/ui/sessions/${f.zfbSessionId}`))
    expect(res?.status()).toBe(404)
    expect(await other.getByRole('alert').textContent()).toContain('找不到这个页面或记录。')
    await other.screenshot({ path: `${SHOTS}/forbidden.png` })
    await other.context().close()
  })
})
