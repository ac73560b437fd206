import { afterEach, describe, expect, it, vi } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { addSession, bindDirectly, createChatHarness, local, rows, type ChatHarness } from '../helpers/chat.js'

let h: ChatHarness
afterEach(() => h?.cleanup())

/** 08:00 local on 5 March 2024; S1 at 09:00 for 司法局 (A001, A002), S2 on 12 March. A001 and the organizer are bound. */
async function setup(): Promise<ChatHarness> {
  h = await createChatHarness()
  await addSession(h.db, { id: 'S1', startsAt: '2024-03-05 09:00', title: '常务会议会前学法', hours: 0.5 })
  await addSession(h.db, { id: 'S2', startsAt: '2024-03-12 09:00', title: '第二次学法' })
  await bindDirectly(h.db, 'A001', 'wx-a001')
  await bindDirectly(h.db, 'A002', 'wx-a002')
  await bindDirectly(h.db, 'O001', 'wx-o001')
  return h
}
const marks = () => rows(h.db, 'SELECT session_id, official_id, status, note, source FROM attendance ORDER BY session_id, official_id')

describe('签到', () => {
  it('before the window says when it opens and writes nothing', async () => {
    await setup()
    expect(await h.send('签到')).toEqual([COPY.checkinNotYet('常务会议会前学法', '3月5日 08:45')])
    expect(await marks()).toEqual([])
  })

  it('inside the window before the start is present; twice is harmless and says so', async () => {
    await setup()
    h.clock.set(local('2024-03-05 08:50'))
    expect(await h.send('签 到')).toEqual([COPY.checkinOk('常务会议会前学法')])
    expect(await h.send('签到')).toEqual([COPY.checkinAgain('常务会议会前学法', '出席')])
    expect(await marks()).toEqual([{ session_id: 'S1', official_id: 'A001', status: 'present', note: null, source: 'chat' }])
  })

  it('after the start is late; after the window nothing is written', async () => {
    await setup()
    h.clock.set(local('2024-03-05 09:12'))
    expect(await h.send('签到')).toEqual([COPY.checkinLate('常务会议会前学法', 12)])
    h.clock.set(local('2024-03-05 09:31'))
    expect(await h.send('签到', { contactId: 'wx-a002' })).toEqual([COPY.checkinNone])
    expect(await marks()).toEqual([{ session_id: 'S1', official_id: 'A001', status: 'late', note: null, source: 'chat' }])
  })

  it('someone not expected at the session cannot check in to it', async () => {
    await setup()
    await bindDirectly(h.db, 'B001', 'wx-b001')
    h.clock.set(local('2024-03-05 09:00'))
    expect(await h.send('签到', { contactId: 'wx-b001' })).toEqual([COPY.checkinNone])
    expect(await marks()).toEqual([])
  })
})

describe("签到 by the session's own check-in window", () => {
  it("follows the deployment's window, and a session's own over it", async () => {
    await setup()
    await h.db.execute(`INSERT INTO settings (key, value) VALUES ('timeline.defaults', '{"checkIn":{"opensMinutesBefore":30}}')`)
    await h.db.execute(`UPDATE sessions SET timeline_json = '{"checkIn":{"opensMinutesBefore":60}}' WHERE id = 'S2'`)
    await addSession(h.db, { id: 'S3', startsAt: '2024-03-12 14:00', title: '第三次学法' })
    h.clock.set(local('2024-03-05 08:25'))
    expect(await h.send('签到')).toEqual([COPY.checkinNotYet('常务会议会前学法', '3月5日 08:30')])
    h.clock.set(local('2024-03-05 08:30'))
    expect(await h.send('签到')).toEqual([COPY.checkinOk('常务会议会前学法')])
    h.clock.set(local('2024-03-12 08:00'))
    expect(await h.send('签到')).toEqual([COPY.checkinOk('第二次学法')])
    expect(await h.send('签到', { roomId: 'room-1', mentioned: false, contactId: 'wx-a002' })).toEqual([COPY.checkinOk('第二次学法')])
    h.clock.set(local('2024-03-12 13:15'))
    expect(await h.send('签到', { roomId: 'room-1', mentioned: false })).toEqual([])
    expect(await h.send('签到')).toEqual([COPY.checkinNotYet('第三次学法', '3月12日 13:30')])
  })
})

describe('a bare 签到 in a group', () => {
  it('looks the open session up once: the group gate hands it to the 签到 handler', async () => {
    await setup()
    h.clock.set(local('2024-03-05 08:50'))
    const execute = vi.spyOn(h.db, 'execute')
    expect(await h.send('签到', { roomId: 'room-1', mentioned: false })).toEqual([COPY.checkinOk('常务会议会前学法')])
    const lookups = execute.mock.calls.filter(([stmt]) => typeof stmt !== 'string' && stmt.sql.includes('s.starts_at >= :from'))
    expect(lookups).toHaveLength(1)
  })
})

describe('请假', () => {
  it('excuses the next session with the reason and queues the make-up material in the same step', async () => {
    await setup()
    expect(await h.send('请假 外出 开会')).toEqual([COPY.leaveOk('常务会议会前学法', '3月5日 09:00')])
    expect(await marks()).toEqual([{ session_id: 'S1', official_id: 'A001', status: 'excused', note: '外出开会', source: 'chat' }])
    const jobs = await rows(h.db, 'SELECT kind, due_at, payload_json, session_id FROM jobs')
    expect(jobs).toEqual([
      {
        kind: 'official.makeup',
        due_at: local('2024-03-05 09:30').toISOString(),
        payload_json: '{"sessionId":"S1","officialId":"A001"}',
        session_id: 'S1',
      },
    ])
    h.clock.set(local('2024-03-05 09:05'))
    expect(await h.send('签到')).toEqual([COPY.checkinExcused('常务会议会前学法')])
  })

  it('after the start it is for the next session', async () => {
    await setup()
    h.clock.set(local('2024-03-05 09:05'))
    expect(await h.send('请假因病')).toEqual([COPY.leaveOk('第二次学法', '3月12日 09:00')])
    expect((await marks()).map((m) => m.session_id)).toEqual(['S2'])
  })

  it('without a reason asks for one and writes nothing', async () => {
    await setup()
    expect(await h.send('请假')).toEqual([COPY.leaveUsage])
    expect(await marks()).toEqual([])
    expect(await rows(h.db, 'SELECT 1 FROM jobs')).toEqual([])
  })
})

describe('我的学法', () => {
  it('sums this year from the database', async () => {
    await setup()
    await addSession(h.db, { id: 'S0', startsAt: '2024-01-10 09:00', hours: 2, status: 'held' })
    await addSession(h.db, { id: 'SX', startsAt: '2023-12-10 09:00', hours: 5, status: 'held' })
    await h.db.batch([
      {
        sql: "INSERT INTO attendance (session_id, official_id, status, source, marked_at) VALUES ('S0', 'A001', 'present', 'api', :t), ('SX', 'A001', 'present', 'api', :t)",
        args: { t: '2024-01-10T00:00:00.000Z' },
      },
      {
        sql: "INSERT INTO quizzes (id, session_id, spec_json, created_at) VALUES (1, 'S0', '{}', :t)",
        args: { t: '2024-01-01T00:00:00.000Z' },
      },
      {
        sql: "INSERT INTO attempts (quiz_id, official_id, layout_json, state, started_at) VALUES (1, 'A001', '[]', 'finished', :t)",
        args: { t: '2024-01-10T00:00:00.000Z' },
      },
    ])
    h.clock.set(local('2024-03-05 09:10'))
    await h.send('签到')
    expect(await h.send('我的学法')).toEqual([
      [
        COPY.recordHeader(2024, '张三'),
        COPY.recordSessions(2, 2.5),
        COPY.recordAttendance('出席 1 次、迟到 1 次'),
        COPY.recordQuizzes(1, 1),
      ].join('\n'),
    ])
  })

  it('an empty year says so', async () => {
    await setup()
    expect(await h.send('我的学法')).toEqual([COPY.recordEmpty(2024)])
  })
})

describe('帮助 and unknown commands', () => {
  it('helps officials and shows organizers their commands too', async () => {
    await setup()
    expect(await h.send('帮助')).toEqual([COPY.help])
    expect(await h.send('帮助', { contactId: 'wx-o001' })).toEqual([`${COPY.help}\n\n${COPY.helpOrganizer}`])
  })

  it('an unknown command gets a hint and writes nothing but the message id', async () => {
    await setup()
    expect(await h.send('今天天气不错')).toEqual([COPY.unknown])
    expect(await marks()).toEqual([])
  })

  it('organizer commands are refused to other officials', async () => {
    await setup()
    for (const text of ['统计', '提醒', '安排学法 3月6日 9:00 县政府常务会议']) expect(await h.send(text)).toEqual([COPY.notOrganizer])
    expect(await rows(h.db, 'SELECT 1 FROM chat_state')).toEqual([])
  })
})
