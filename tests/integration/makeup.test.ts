/**
 * The make-up (issue 17 item 1): after closing, the excused (and, when the deployment asks, the absent) may answer
 * the quiz for a week; the make-up notice carries the whole quiz and their link; finishing it in chat or on the page
 * marks them 补学 (source 'makeup'); an organizer's hand still marks; past the window it is over.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { createChat, type Chat } from '../../src/chat/create-chat.js'
import { registerQuizCommands } from '../../src/chat/commands/quiz.js'
import { silentLogger } from '../../src/log.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs } from '../../src/scheduler/runner.js'
import { enqueueJob } from '../../src/jobs/jobs.repo.js'
import { markAttendance } from '../../src/sessions/attendance.service.js'
import { collectLedger } from '../../src/reports/ledger.js'
import { incomingMessage } from '../helpers/chat.js'
import { createPageFixture, rightForm, SESSION_ID, TZ, type PageFixture } from '../helpers/page.js'
import { rightReply } from './quiz-fixtures.js'

let f: PageFixture
let chat: Chat
let channel: RecordingChannel
beforeEach(async () => {
  f = await createPageFixture()
  channel = new RecordingChannel('wechaty')
  chat = createChat({ db: f.db, clock: f.clock, tz: TZ, logger: silentLogger, channel }, [registerQuizCommands])
})
afterEach(() => f.cleanup())

/** One private message from the official's bound contact; the texts the bot answered. */
async function say(officialId: string, text: string): Promise<string[]> {
  const before = channel.sent.length
  await chat.handleIncoming(incomingMessage(text, { contactId: `wx-${officialId}`, sentAt: f.clock.now() }), {
    rememberContact: async () => {},
  })
  return channel.sent.slice(before).map((s) => s.message.text)
}

async function runJobs(): Promise<void> {
  await runDueJobs({
    db: f.db,
    clock: f.clock,
    tz: TZ,
    logger: silentLogger,
    handlers: createJobHandlers(),
    owner: 'test',
    linkBaseUrl: 'https://xuefa.example.gov.cn',
  })
}

async function marks(): Promise<Record<string, string>> {
  const rs = await f.db.execute({ sql: 'SELECT official_id, status, source FROM attendance WHERE session_id = ?', args: [SESSION_ID] })
  return Object.fromEntries(rs.rows.map((r) => [String(r.official_id), `${r.status}/${r.source}`]))
}

async function makeupNotice(officialId: string): Promise<string> {
  const rs = await f.db.execute({
    sql: "SELECT message_json FROM deliveries WHERE recipient = ? AND json_extract(message_json, '$.message.tag') = 'official.makeup' ORDER BY id",
    args: [`official:${officialId}`],
  })
  return rs.rows.map((r) => (JSON.parse(String(r.message_json)) as { message: { text: string } }).message.text).join('\n')
}

/** Closes the session (start 15:00 local; the fixture wrote it without its timeline): closing, then the make-ups. */
async function closeTheSession(): Promise<void> {
  const close = {
    kind: 'session.close',
    dueAt: '2024-03-05T08:15:00.000Z',
    payload: { sessionId: SESSION_ID },
    sessionId: SESSION_ID,
  } as const
  await enqueueJob(f.db, { ...close, dedupKey: `test-close:${SESSION_ID}` }, f.clock.now().toISOString())
  f.clock.set('2024-03-05T08:30:00.000Z')
  await runJobs()
  await runJobs()
}

describe('the make-up after a session closes', () => {
  it('opens the quiz to the excused for a week, with the whole quiz and their link; finishing it in chat marks 补学', async () => {
    expect(await say('A001', '请假 出差')).toEqual([expect.stringContaining('请假')])
    // A002 asks for leave too, having already finished the quiz
    let before = (await say('A002', '答题')).join('\n')
    for (let i = 1; i <= 4; i++) before = (await say('A002', rightReply(before))).join('\n')
    expect(before).toContain('测验完成！')
    expect(await say('A002', '请假 开会')).toEqual([expect.stringContaining('请假')])
    await closeTheSession()
    // the absent are not given a make-up unless the deployment asks
    expect(await marks()).toMatchObject({ A001: 'excused/chat', A002: 'excused/chat', A003: 'absent/auto' })
    expect(await makeupNotice('A003')).toBe('')
    // nothing left to answer for A002: the material only
    expect(await makeupNotice('A002')).toContain('补学材料如下，请自学。')
    expect(await makeupNotice('A002')).not.toContain('补学测验')

    const notice = await makeupNotice('A001')
    expect(notice).toContain('【补学】您已请假的')
    expect(notice).toContain('完成后自动记为补学')
    expect(notice).toMatch(/【补学测验 #\d+】共4题，截止3月12日/)
    expect(notice).toMatch(/https:\/\/xuefa\.example\.gov\.cn\/m\/\S+/)
    expect(notice).not.toContain('签到')

    // the others' quiz is closed; A001's is open
    expect(await say('A003', '答题')).not.toEqual([expect.stringContaining('题目')])
    f.clock.set('2024-03-08T02:00:00.000Z')
    // chat packs the bot's texts of one reply into one message
    let reply = (await say('A001', '答题')).join('\n')
    expect(reply).toContain('题目')
    for (let i = 1; i <= 4; i++) reply = (await say('A001', rightReply(reply))).join('\n')
    expect(reply).toContain('测验完成！得分 100 分')
    expect(reply).toContain('已记为补学')
    expect(await marks()).toMatchObject({ A001: 'makeup/makeup' })
    const audit = await f.db.execute("SELECT detail_json FROM audit_log WHERE action = 'attendance.makeup'")
    expect(audit.rows.map((r) => JSON.parse(String(r.detail_json)).officialId)).toEqual(['A001'])
    // the ledger says where the mark came from
    const ledger = await collectLedger(f.db, { year: 2024, tz: TZ })
    const sheet = ledger.sheets.find((s) => s.key === 'attendance')!
    expect(sheet.rows.find((r) => r.includes('A001'))).toEqual(expect.arrayContaining(['补学', '完成补学测验']))
  })

  it('takes the whole make-up quiz in one message, in the letters the make-up notice showed', async () => {
    expect(await say('A002', '请假 开会')).toEqual([expect.stringContaining('请假')])
    await closeTheSession()
    const notice = await makeupNotice('A002')
    // the quiz as the notice lists it, in A002's own layout: 「1A 2BC 3对 4错」
    const answers = notice
      .split('\n\n')
      .filter((b) => /^\d+\.（/.test(b))
      .map((q, i) => `${i + 1}${rightReply(q)}`)
    expect(answers).toHaveLength(4)
    f.clock.set('2024-03-06T02:00:00.000Z')
    const reply = (await say('A002', answers.join(' '))).join('\n')
    expect(reply).toContain('得分 100 分')
    expect(reply).toContain('已记为补学')
    expect(await marks()).toMatchObject({ A002: 'makeup/makeup' })
  })

  it('gives the absent their make-up when the deployment asks; the page takes it too; an organizer still marks by hand; a week later it is over', async () => {
    await f.db.execute(`INSERT INTO settings (key, value) VALUES ('timeline.defaults', '{"makeup":{"absent":true}}')`)
    await closeTheSession()
    const notice = await makeupNotice('A002')
    expect(notice).toContain('【补学】您未参加的')
    const link = /https:\/\/xuefa\.example\.gov\.cn(\/m\/\S+)/.exec(notice)![1]!

    f.clock.set('2024-03-07T02:00:00.000Z')
    const html = await (await f.app.request(link)).text()
    expect(html).toContain('name="q1"')
    const done = await f.app.request(`${link}/quiz`, {
      method: 'POST',
      body: rightForm(html),
      headers: { 'sec-fetch-site': 'same-origin' },
    })
    expect(done.status).toBe(303)
    expect(await marks()).toMatchObject({ A002: 'makeup/makeup' })

    // an organizer marks A001 by hand: it stands
    await markAttendance({ db: f.db, clock: f.clock, tz: TZ }, SESSION_ID, [{ officialId: 'A001', status: 'makeup' }], {
      actor: 'token:1',
      source: 'ui',
    })
    expect(await marks()).toMatchObject({ A001: 'makeup/ui' })

    // past the week: A003's make-up is closed, and stays 缺席
    f.clock.set('2024-03-13T02:00:00.000Z')
    expect((await say('A003', '答题')).join('\n')).not.toContain('题目')
    expect(await marks()).toMatchObject({ A003: 'absent/auto' })
  })
})
