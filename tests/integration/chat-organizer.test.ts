import { afterEach, describe, expect, it } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { addSession, bindDirectly, createChatHarness, local, rows, type ChatHarness } from '../helpers/chat.js'

let h: ChatHarness
afterEach(() => h?.cleanup())

const org = { contactId: 'wx-o001' }

/** S1 at 09:00 for 司法局 (A001, A002 expected; the organizer O001 sits in PL above it). A001 checked in and finished the quiz. */
async function setup(o: { botAccounts?: readonly string[] } = {}): Promise<ChatHarness> {
  h = await createChatHarness(undefined, o)
  await addSession(h.db, { id: 'S1', startsAt: '2024-03-05 09:00', title: '常务会议会前学法' })
  for (const [o, c] of [
    ['A001', 'wx-a001'],
    ['A002', 'wx-a002'],
    ['O001', 'wx-o001'],
  ] as const)
    await bindDirectly(h.db, o, c)
  await h.db.batch([
    {
      sql: "INSERT INTO quizzes (id, session_id, spec_json, created_at) VALUES (1, 'S1', '{}', :t)",
      args: { t: '2024-03-01T00:00:00.000Z' },
    },
    {
      sql: "INSERT INTO attempts (quiz_id, official_id, layout_json, state, started_at) VALUES (1, 'A001', '[]', 'finished', :t)",
      args: { t: '2024-03-04T00:00:00.000Z' },
    },
  ])
  h.clock.set(local('2024-03-05 08:55'))
  await h.send('签到')
  return h
}

describe('统计', () => {
  it("reports the current session's attendance and quiz completion", async () => {
    await setup()
    expect(await h.send('统计', org)).toEqual([
      [COPY.statsHeader('常务会议会前学法', '3月5日 09:00'), COPY.statsAttendance(2, '出席 1 人', 1), COPY.statsQuiz(1, 2)].join('\n'),
    ])
  })

  it('finds the session whose own check-in window has opened, though it starts later than the default window reaches', async () => {
    await setup()
    await addSession(h.db, { id: 'S2', startsAt: '2024-03-05 10:00', title: '第二场学法' })
    await h.db.execute(`UPDATE sessions SET timeline_json = '{"checkIn":{"opensMinutesBefore":60}}' WHERE id = 'S2'`)
    h.clock.set(local('2024-03-05 08:58'))
    expect((await h.send('统计', org))[0]).toContain(COPY.statsHeader('常务会议会前学法', '3月5日 09:00'))
    h.clock.set(local('2024-03-05 09:05'))
    expect((await h.send('统计', org))[0]).toContain(COPY.statsHeader('第二场学法', '3月5日 10:00'))
  })

  it('says so when the unit has no session yet', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'O001', 'wx-o001')
    expect(await h.send('统计', org)).toEqual([COPY.statsNone])
  })
})

describe('提醒', () => {
  it('nudges, by name, those who have not checked in or not finished the quiz, through the channel', async () => {
    await setup()
    await bindDirectly(h.db, 'B001', 'wx-b001') // another unit: not expected, never nudged
    expect((await h.send('提醒', org)).at(-1)).toBe(COPY.remindDone('李四'))
    expect(h.channel.sent.at(-1)?.to).toEqual({ kind: 'contact', contactId: 'wx-o001' })
    const nudges = h.channel.sent.filter((s) => s.to.kind === 'official')
    expect(nudges).toEqual([
      {
        to: { kind: 'official', officialId: 'A002' },
        message: { text: `${COPY.remindCheckin('常务会议会前学法')}\n${COPY.remindQuiz('常务会议会前学法')}`, tag: 'chat.remind' },
      },
    ])
  })

  it('after the check-in window closes nudges only for the quiz, and after the quiz closes nobody', async () => {
    await setup()
    h.clock.set(local('2024-03-05 09:31'))
    expect((await h.send('提醒', org)).at(-1)).toBe(COPY.remindDone('李四'))
    expect(h.channel.sent.filter((s) => s.to.kind === 'official').map((s) => s.message.text)).toEqual([COPY.remindQuiz('常务会议会前学法')])
    await h.db.execute("UPDATE quizzes SET closed_at = '2024-03-05T01:40:00.000Z' WHERE id = 1")
    h.clock.set(local('2024-03-05 09:45'))
    expect(await h.send('提醒', org)).toEqual([COPY.remindNobody])
    expect(h.channel.sent.filter((s) => s.to.kind === 'official')).toHaveLength(1)
  })

  it('names those it cannot reach', async () => {
    await setup()
    await h.db.execute("DELETE FROM chat_bindings WHERE official_id = 'A002'")
    expect(await h.send('提醒', org)).toEqual([COPY.remindUnreached('李四')])
  })
})

describe('安排学法', () => {
  const sessions = () =>
    rows(
      h.db,
      "SELECT kind, title, starts_at, unit_code, body, meeting_no, source, status FROM sessions WHERE id NOT IN ('S1') ORDER BY id",
    )

  const addQuestion = (law: string) =>
    h.db.execute({
      sql: `INSERT INTO questions (id, type, stem, options_json, answer, law_title, created_at, updated_at)
            VALUES ('Q-' || :law, 'judge', '题干', '[]', 'T', :law, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`,
      args: { law },
    })

  it('answers with what it understood, keeps a draft, and creates the 会前学法 session on 确认', async () => {
    await setup()
    await addQuestion('中华人民共和国行政复议法')
    // a short name is the law's full title, in the draft and in the session
    const text = '安排学法 3月6日 9:00 县政府常务会议 第12次 《行政复议法》'
    expect(await h.send(text, org)).toEqual([
      COPY.scheduleDraft('3月6日 09:00', '县政府常务会议 第12次', '《中华人民共和国行政复议法》', null),
    ])
    expect(await sessions()).toEqual([])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleCreated('县政府常务会议会前学法', '3月6日 09:00')])
    expect(await sessions()).toEqual([
      {
        kind: 'pre_meeting',
        title: '县政府常务会议会前学法',
        starts_at: local('2024-03-06 09:00').toISOString(),
        unit_code: 'PL',
        body: '县政府常务会议',
        meeting_no: '第12次',
        source: 'chat',
        status: 'planned',
      },
    ])
    expect(await rows(h.db, "SELECT law_title FROM session_laws WHERE session_id <> 'S1'")).toEqual([
      { law_title: '中华人民共和国行政复议法' },
    ])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleNoDraft])
    expect(await sessions()).toHaveLength(1)
    // its quiz drawn from that law
    expect(
      await rows(h.db, "SELECT qq.question_id FROM quiz_questions qq JOIN quizzes q ON q.id = qq.quiz_id WHERE q.session_id <> 'S1'"),
    ).toEqual([{ question_id: 'Q-中华人民共和国行政复议法' }])
  })

  it('says, before and after 确认, that a law without questions gives no quiz, and which laws have them', async () => {
    await setup()
    await addQuestion('中华人民共和国行政复议法')
    await addQuestion('中华人民共和国行政处罚法')
    const why =
      '题库中没有《中华人民共和国安全生产法》的题目，无法附上会前测试。题库中有题目的法律法规：《中华人民共和国行政处罚法》、《中华人民共和国行政复议法》。'
    expect(await h.send('安排学法 3月6日 9:00 县政府常务会议 《安全生产法》', org)).toEqual([
      COPY.scheduleDraft('3月6日 09:00', '县政府常务会议', '《中华人民共和国安全生产法》', why),
    ])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleCreatedNoQuiz('县政府常务会议会前学法', '3月6日 09:00', why)])
    expect(await rows(h.db, "SELECT count(*) AS n FROM quizzes WHERE session_id <> 'S1'")).toEqual([{ n: 0 }])

    // with a law that has questions beside it, the quiz is drawn from that one, and the draft says so
    expect(await h.send('安排学法 3月7日 9:00 县政府常务会议 《安全生产法》《行政处罚法》', org)).toEqual([
      COPY.scheduleDraft(
        '3月7日 09:00',
        '县政府常务会议',
        '《中华人民共和国安全生产法》、《中华人民共和国行政处罚法》',
        '题库中没有《中华人民共和国安全生产法》的题目，会前测试从其余法律中抽题。',
      ),
    ])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleCreated('县政府常务会议会前学法', '3月7日 09:00')])
  })

  it('says in the same reply when the notices cannot all go out in time, as the API and the dashboard do', async () => {
    await setup({ botAccounts: ['default'] })
    // the one account has spent 1,999 of its 2,000 sends today
    const now = h.clock.now().toISOString()
    await h.db.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
            INSERT INTO deliveries (dedup_key, job_id, channel, account, recipient, message_json, not_before, created_at, state, sent_at)
            SELECT 'old:' || i, NULL, 'wechaty', 'default', 'official:A001', '{}', :now, :now, 'sent', :now FROM n`,
      args: { now },
    })
    await h.send('安排学法 3月5日 15:00 县政府常务会议', org)
    const [reply, ...more] = await h.send('确认', org)
    expect(more).toEqual([])
    const [created, ...warnings] = reply!.split('\n')
    expect(created).toBe(COPY.scheduleCreated('县政府常务会议会前学法', '3月5日 15:00'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^⚠ 2024-03-05 的发送额度不够：账号「default」/)
  })

  it('says nothing more when the notices fit', async () => {
    await setup({ botAccounts: ['default'] })
    await h.send('安排学法 3月6日 9:00 县政府常务会议', org)
    expect(await h.send('确认', org)).toEqual([COPY.scheduleCreated('县政府常务会议会前学法', '3月6日 09:00')])
  })

  it.each([
    ['安排学法 明天上午 县政府常务会议', COPY.scheduleBadTime('明天上午')],
    ['安排学法 3月1日 9:00 县政府常务会议', COPY.schedulePast],
    ['安排学法', COPY.scheduleUsage],
  ])('%j gets a specific reply and nothing is written', async (text, reply) => {
    await setup()
    expect(await h.send(text, org)).toEqual([reply])
    expect(await rows(h.db, 'SELECT 1 FROM chat_state')).toEqual([])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleNoDraft])
    expect(await sessions()).toEqual([])
  })

  it('a draft confirmed after its start has passed is recorded as held, as every way in records it', async () => {
    await setup()
    await h.send('安排学法 3月5日 9:00 县政府常务会议', org)
    h.clock.set(local('2024-03-05 09:10'))
    expect(await h.send('确认', org)).toEqual([COPY.scheduleCreatedHeld('县政府常务会议会前学法', '3月5日 09:00')])
    expect(await sessions()).toMatchObject([{ source: 'chat', status: 'held' }])
    const absent = await rows(
      h.db,
      "SELECT a.status, a.source FROM attendance a JOIN sessions s ON s.id = a.session_id WHERE s.source = 'chat' GROUP BY a.status, a.source",
    )
    expect(absent).toEqual([{ status: 'absent', source: 'auto' }])
  })

  it('refuses a NUL or an invisible character, which would enter the title, and keeps no draft (the one rule of src/text.ts)', async () => {
    await setup()
    expect(await h.send('安排学法 3月6日 9:00 县政府\u2060常务会议', org)).toEqual([COPY.scheduleInvisible('U+2060')])
    expect(await h.send('安排学法 3月6日 9:00 县政府常务会议 《行政\0复议法》', org)).toEqual([COPY.scheduleInvisible('U+0000')])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleNoDraft])
    expect(await sessions()).toEqual([])
  })

  it('取消 drops the draft', async () => {
    await setup()
    await h.send('安排学法 3月6日 9:00 县政府常务会议', org)
    expect(await h.send('取消', org)).toEqual([COPY.scheduleCancelled])
    expect(await h.send('确认', org)).toEqual([COPY.scheduleNoDraft])
    expect(await sessions()).toEqual([])
  })
})
