import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { formatLocal } from '../../src/calendar.js'
import { RecordingChannel, type Channel, type OutboundMessage, type Recipient } from '../../src/delivery/channel.js'
import { createPacerRegistry } from '../../src/delivery/pacing.js'
import { drainAccount, type SenderDeps } from '../../src/delivery/sender.js'
import { listDueAccounts } from '../../src/delivery/deliveries.repo.js'
import { runDueJobs, type RunnerDeps } from '../../src/scheduler/runner.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { enqueueJob, listSessionJobs } from '../../src/jobs/jobs.repo.js'
import { makeupDedupKey, markAttendance } from '../../src/sessions/attendance.service.js'
import { createSchedule } from '../../src/schedules/schedules.service.js'
import { createSession, updateSession, cancelSession } from '../../src/sessions/sessions.service.js'
import { listAttendance } from '../../src/sessions/attendance.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const tz = 'Asia/Shanghai'
const by = { actor: 'official:O' }

/** A channel that writes down, in local time, what it sent to whom. */
class TimedChannel implements Channel {
  readonly name = 'timed'
  readonly log: string[] = []
  readonly inner = new RecordingChannel()
  constructor(private clock: ManualClock) {}
  async send(to: Recipient, message: OutboundMessage): Promise<void> {
    const who =
      to.kind === 'official'
        ? to.officialId
        : to.kind === 'robot'
          ? `robot${to.robotId}${to.mentionOfficialIds ? `@${to.mentionOfficialIds.join(',')}` : ''}`
          : to.kind
    this.log.push(`${formatLocal(this.clock.now(), tz)} ${message.tag} ${who}`)
    await this.inner.send(to, message)
  }
}

async function seed(t: TestDb, sessionStart: string): Promise<void> {
  const now = '2024-01-01T00:00:00.000Z'
  const stmts = [
    `INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES
       ('PL', '平罗县人民政府', NULL, '/PL/', '${now}', '${now}'),
       ('PL01', '县司法局', 'PL', '/PL/PL01/', '${now}', '${now}'),
       ('PL02', '县财政局', 'PL', '/PL/PL02/', '${now}', '${now}')`,
    `INSERT INTO officials (id, name, unit_code, is_leader, is_organizer, joined_at, left_at, created_at, updated_at) VALUES
       ('A', '张伟', 'PL', 1, 0, NULL, NULL, '${now}', '${now}'),
       ('B', '李娜', 'PL01', 0, 0, NULL, NULL, '${now}', '${now}'),
       ('C', '王强', 'PL01', 0, 0, NULL, NULL, '${now}', '${now}'),
       ('D', '赵敏', 'PL', 0, 0, '${new Date(new Date(sessionStart).getTime() + 86_400_000).toISOString()}', NULL, '${now}', '${now}'),
       ('E', '孙丽', 'PL', 0, 0, NULL, '${now}', '${now}', '${now}'),
       ('F', '周杰', 'PL02', 0, 0, NULL, NULL, '${now}', '${now}'),
       ('O', '陈organizer', 'PL', 0, 1, NULL, NULL, '${now}', '${now}')`,
    `INSERT INTO chat_bindings (official_id, contact_id, alias_key, bound_at) VALUES
       ('A', 'wx-a', 'k-a', '${now}'), ('B', 'wx-b', 'k-b', '${now}'), ('O', 'wx-o', 'k-o', '${now}')`,
    `INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at) VALUES (5, 'PL02', 'wecom', 'http://127.0.0.1:1/cgi-bin/webhook/send?key=k', NULL, '${now}')`,
    `INSERT INTO official_handles (official_id, platform, user_id) VALUES ('F', 'wecom', 'zhoujie')`,
  ]
  for (const sql of stmts) await t.db.execute(sql)
}

function harness(t: TestDb, clock: ManualClock) {
  const channel = new TimedChannel(clock)
  const sleep = async (ms: number) => void clock.advance(ms)
  const runner: RunnerDeps = { db: t.db, clock, tz, logger: silentLogger, handlers: createJobHandlers(), owner: 'test-runner' }
  const sender: SenderDeps = {
    db: t.db,
    clock,
    tz,
    logger: silentLogger,
    owner: 'test-sender',
    sleep,
    channels: { wechaty: channel, wecom: channel },
    pacers: createPacerRegistry({ clock, tz, sleep, random: () => 0.5 }),
  }
  async function nextEventAt(): Promise<number | null> {
    const rs = await t.db.execute(`SELECT min(at) AS at FROM (SELECT min(due_at) AS at FROM jobs WHERE state = 'pending'
                                   UNION ALL SELECT min(not_before) FROM deliveries WHERE state = 'pending')`)
    return rs.rows[0]?.at == null ? null : new Date(String(rs.rows[0].at)).getTime()
  }
  /** Runs everything that comes due up to `until`, jumping the clock from one due time to the next. */
  async function runUntil(until: string): Promise<void> {
    const end = new Date(until).getTime()
    for (;;) {
      await runDueJobs(runner)
      for (const a of await listDueAccounts(t.db, clock.now().toISOString())) await drainAccount(sender, a.channel, a.account)
      const next = await nextEventAt()
      if (next === null || next > end) {
        // recurring schedules have no row until they fire: look once more at the end time itself
        if (clock.now().getTime() >= end) break
        clock.set(until)
        continue
      }
      if (next > clock.now().getTime()) clock.set(new Date(next))
    }
  }
  return { channel, runUntil }
}

async function addQuiz(t: TestDb, sessionId: string): Promise<number> {
  const rs = await t.db.execute({
    sql: `INSERT INTO quizzes (session_id, spec_json, created_at) VALUES (?, '{}', '2024-01-01T00:00:00Z') RETURNING id`,
    args: [sessionId],
  })
  return Number(rs.rows[0]!.id)
}

async function addAttempt(t: TestDb, quizId: number, officialId: string, state: 'open' | 'finished'): Promise<void> {
  await t.db.execute({
    sql: `INSERT INTO attempts (quiz_id, official_id, layout_json, state, started_at, finished_at) VALUES (?, ?, '[]', ?, '2024-01-01T00:00:00Z', ?)`,
    args: [quizId, officialId, state, state === 'finished' ? '2024-01-01T00:10:00Z' : null],
  })
}

describe('the session timeline, on a manual clock in Asia/Shanghai', () => {
  let t: TestDb
  beforeEach(async () => {
    t = await createTestDb()
  })
  afterEach(() => t.cleanup())

  it.each([
    // created Monday 10:00 for Wednesday 09:00, across a year end and across a month end
    ['year end', '2024-12-30 10:00', '2025-01-01T01:00:00.000Z', '2024-12-31', '2025-01-01'],
    ['month end', '2025-03-31 10:00', '2025-04-02T01:00:00.000Z', '2025-04-01', '2025-04-02'],
  ])('sends exactly the planned messages at the planned times (%s)', async (_case, created, startsAt, dayBefore, day) => {
    const clock = new ManualClock(new Date(`${created.replace(' ', 'T')}:00+08:00`))
    await seed(t, startsAt)
    const deps = { db: t.db, clock, tz }
    const { session: s } = await createSession(
      deps,
      {
        kind: 'pre_meeting',
        title: '学习行政复议法',
        body: '县政府常务会议',
        startsAt: new Date(startsAt),
        unitCode: 'PL',
        laws: ['中华人民共和国行政复议法'],
      },
      by,
    )
    expect((await listSessionJobs(t.db, s.id)).map((j) => `${j.kind} ${formatLocal(new Date(j.dueAt), tz)}`)).toEqual([
      `session.materials ${dayBefore} 09:00`,
      `session.reminder ${day} 07:00`,
      `session.close ${day} 10:00`,
    ])
    const quizId = await addQuiz(t, s.id)
    const { channel, runUntil } = harness(t, clock)

    await runUntil(new Date(`${dayBefore}T12:00:00+08:00`).toISOString())
    await addAttempt(t, quizId, 'A', 'finished')
    await addAttempt(t, quizId, 'B', 'open')
    await markAttendance(deps, s.id, [{ officialId: 'B', status: 'excused', note: '出差' }], { actor: 'official:B', source: 'chat' })
    await runUntil(new Date(`${day}T08:55:00+08:00`).toISOString())
    await markAttendance(deps, s.id, [{ officialId: 'A', status: 'present' }], { actor: 'official:A', source: 'chat' })
    await runUntil(new Date(`${day}T12:00:00+08:00`).toISOString())

    // Wechaty paced ≥ 1 s apart (+ jitter): the private messages of one batch share the minute
    expect(channel.log.sort()).toEqual(
      [
        `${dayBefore} 09:00 session.materials A`,
        `${dayBefore} 09:00 session.materials B`,
        `${dayBefore} 09:00 session.materials O`,
        // the group hears of the material only for its people the bot cannot reach in private: F is named
        `${dayBefore} 09:00 session.materials robot5@F`,
        // reminder: A finished the quiz, B is excused; F is named in the PL02 group, O in private; C cannot be reached
        `${day} 07:00 session.reminder O`,
        `${day} 07:00 session.reminder robot5@F`,
        // closing: summary to the organizer who created it, make-up material to the excused
        `${day} 10:00 official.makeup B`,
        `${day} 10:00 session.summary O`,
      ].sort(),
    )
    const reminder = channel.inner.sent.find((x) => x.message.tag === 'session.reminder' && x.to.kind === 'robot')!
    expect(reminder.message.text).toContain('周杰')
    // closing has closed the quiz for everyone else; the excused may still answer it, for a week (their make-up)
    const makeup = channel.inner.sent.find((x) => x.message.tag === 'official.makeup')!
    expect(makeup.message.text).toContain('补学材料如下，请自学并完成补学测验，完成后自动记为补学。')
    expect(makeup.message.text).toContain(
      `补学测验已发布，请回复「答题」开始作答，截止${day === '2025-01-01' ? '1月8日' : '4月9日'} 10:00。`,
    )
    const marks = Object.fromEntries((await listAttendance(t.db, s.id)).map((m) => [m.officialId, `${m.status}/${m.source}`]))
    // D joined after the session and E left before it: not expected
    expect(marks).toEqual({ A: 'present/chat', B: 'excused/chat', C: 'absent/auto', F: 'absent/auto', O: 'absent/auto' })
    const attempts = await t.db.execute({
      sql: 'SELECT official_id, state FROM attempts WHERE quiz_id = ? ORDER BY official_id',
      args: [quizId],
    })
    expect(attempts.rows.map((r) => `${r.official_id}:${r.state}`)).toEqual(['A:finished', 'B:closed'])
    const session = await t.db.execute({ sql: 'SELECT status, closed_at FROM sessions WHERE id = ?', args: [s.id] })
    expect(session.rows[0]!.status).toBe('held')
    const summary = channel.inner.sent.find((x) => x.message.tag === 'session.summary')!
    expect(summary.message.text).toContain('应到5人：出席1、迟到0、请假1、缺席3')
    expect(summary.message.text).toContain('会前测验完成1/5人')
  })

  it('plans the make-up material of a 请假 once, whether the chat or the closing asked for it, and moves it with the session', async () => {
    const clock = new ManualClock('2024-12-30T02:00:00Z')
    await seed(t, '2025-01-01T01:00:00.000Z')
    const deps = { db: t.db, clock, tz }
    const { session: s } = await createSession(
      deps,
      { kind: 'lecture', title: 'x', startsAt: new Date('2025-01-01T01:00:00Z'), unitCode: 'PL01' },
      by,
    )
    await markAttendance(deps, s.id, [{ officialId: 'B', status: 'excused' }], { actor: 'official:B', source: 'chat' })
    // what src/chat/commands/leave.ts enqueues
    await enqueueJob(
      t.db,
      {
        kind: 'official.makeup',
        dueAt: '2025-01-01T01:30:00.000Z',
        payload: { sessionId: s.id, officialId: 'B' },
        dedupKey: makeupDedupKey(s.id, 'B'),
        sessionId: s.id,
      },
      clock.now().toISOString(),
    )
    await updateSession(deps, s.id, { startsAt: new Date('2025-01-02T01:00:00Z') }, by)
    const { channel, runUntil } = harness(t, clock)
    await runUntil('2025-01-03T00:00:00Z')
    expect(channel.log.filter((l) => l.includes('official.makeup'))).toEqual(['2025-01-02 09:30 official.makeup B'])
    // no quiz: nothing to answer
    expect(channel.inner.sent.find((x) => x.message.tag === 'official.makeup')!.message.text).not.toContain('答题')
    expect((await listSessionJobs(t.db, s.id)).filter((j) => j.kind === 'official.makeup')).toHaveLength(1)
  })

  it('asks for the quiz in the make-up material of a 请假 only while the quiz can still be answered', async () => {
    const clock = new ManualClock('2024-12-30T02:00:00Z')
    await seed(t, '2025-01-01T01:00:00.000Z')
    const deps = { db: t.db, clock, tz }
    const { session: s } = await createSession(
      deps,
      { kind: 'lecture', title: 'x', startsAt: new Date('2025-01-01T01:00:00Z'), unitCode: 'PL01' },
      by,
    )
    await addQuiz(t, s.id)
    await markAttendance(deps, s.id, [{ officialId: 'B', status: 'excused' }], { actor: 'official:B', source: 'chat' })
    // what src/chat/commands/leave.ts enqueues: due when the check-in window closes, before closing
    const makeup = { kind: 'official.makeup', payload: { sessionId: s.id, officialId: 'B' }, sessionId: s.id } as const
    await enqueueJob(t.db, { ...makeup, dueAt: '2025-01-01T01:30:00.000Z', dedupKey: makeupDedupKey(s.id, 'B') }, clock.now().toISOString())
    const { channel, runUntil } = harness(t, clock)
    await runUntil('2025-01-01T01:45:00Z')
    const sent = () => channel.inner.sent.filter((x) => x.message.tag === 'official.makeup').map((x) => x.message.text)
    expect(sent()).toEqual([expect.stringContaining('补学材料如下，请自学并完成补学测验，完成后自动记为补学。')])
  })

  it("sends the week's 学法清单 to the group robots every Monday 09:00 from a recurring schedule", async () => {
    const clock = new ManualClock('2025-03-30T00:00:00Z')
    await seed(t, '2025-04-02T01:00:00.000Z')
    const deps = { db: t.db, clock, tz }
    await createSession(
      deps,
      { kind: 'lecture', title: '民法典讲座', startsAt: new Date('2025-04-02T01:00:00Z'), unitCode: 'PL', laws: ['中华人民共和国民法典'] },
      by,
    )
    await createSession(deps, { kind: 'lecture', title: '下月讲座', startsAt: new Date('2025-05-20T01:00:00Z'), unitCode: 'PL' }, by)
    await createSchedule(deps, { name: 'weekly', cron: '0 9 * * 1', kind: 'digest.weekly', skipHolidays: true }, by)
    const { channel, runUntil } = harness(t, clock)
    await runUntil('2025-03-31T00:59:00Z')
    expect(channel.log.filter((l) => l.includes('digest'))).toEqual([])
    await runUntil('2025-03-31T01:00:00Z')
    expect(channel.log.filter((l) => l.includes('digest'))).toEqual(['2025-03-31 09:00 digest.weekly robot5'])
    const digest = channel.inner.sent.find((x) => x.message.tag === 'digest.weekly')!
    expect(digest.message.text).toBe('【本周学法清单】\n1. 4月2日 09:00 「民法典讲座」（《中华人民共和国民法典》）')
  })

  it('honours deployment and per-session timeline settings', async () => {
    const clock = new ManualClock('2024-12-30T02:00:00Z')
    await seed(t, '2025-01-01T01:00:00.000Z')
    await t.db.execute(
      `INSERT INTO settings (key, value) VALUES ('timeline.defaults', '{"materials":{"daysBefore":1,"at":"07:30"},"reminderMinutesBefore":60}')`,
    )
    const deps = { db: t.db, clock, tz }
    const { session: a } = await createSession(
      deps,
      { kind: 'lecture', title: 'a', startsAt: new Date('2025-01-01T01:00:00Z'), unitCode: 'PL' },
      by,
    )
    const { session: b } = await createSession(
      deps,
      {
        kind: 'lecture',
        title: 'b',
        startsAt: new Date('2025-01-01T01:00:00Z'),
        unitCode: 'PL',
        timeline: { materials: null, closeMarginMinutes: 0 },
      },
      by,
    )
    const plan = async (id: string) => (await listSessionJobs(t.db, id)).map((j) => `${j.kind} ${formatLocal(new Date(j.dueAt), tz)}`)
    // 07:30 local on 31 Dec is 23:30 UTC on 30 Dec
    expect(await plan(a.id)).toEqual([
      'session.materials 2024-12-31 07:30',
      'session.reminder 2025-01-01 08:00',
      'session.close 2025-01-01 10:00',
    ])
    expect(await plan(b.id)).toEqual(['session.reminder 2025-01-01 08:00', 'session.close 2025-01-01 09:30'])
  })

  it("tells each session's own check-in window in its material and reminder", async () => {
    const clock = new ManualClock('2024-12-30T02:00:00Z')
    await seed(t, '2025-01-01T01:00:00.000Z')
    const deps = { db: t.db, clock, tz }
    const startsAt = new Date('2025-01-01T01:00:00Z')
    const { session: own } = await createSession(
      deps,
      { kind: 'lecture', title: '一小时', startsAt, unitCode: 'PL01', timeline: { checkIn: { opensMinutesBefore: 60 } } },
      by,
    )
    const { session: usual } = await createSession(deps, { kind: 'lecture', title: '默认', startsAt, unitCode: 'PL02' }, by)
    const { channel, runUntil } = harness(t, clock)
    await runUntil('2025-01-01T00:00:00.000Z')
    const sent = (title: string, tag: string) =>
      channel.inner.sent.filter((x) => x.message.tag === tag && x.message.text.includes(title)).map((x) => x.message.text)
    expect(sent(own.title, 'session.materials')).toEqual([expect.stringContaining('会议开始前60分钟起可回复「签到」。')])
    expect(sent(own.title, 'session.reminder')).toEqual([expect.stringContaining('请准时参加，会前60分钟起可回复「签到」。')])
    expect(sent(usual.title, 'session.materials')[0]).toContain('会议开始前15分钟起可回复「签到」。')
    expect(sent(usual.title, 'session.reminder')[0]).toContain('请准时参加，会前15分钟起可回复「签到」。')
  })

  it('a session created late gets its materials at once and no reminder already past', async () => {
    const clock = new ManualClock('2025-01-01T00:30:00Z') // 08:30, session at 09:00
    await seed(t, '2025-01-01T01:00:00.000Z')
    const { session: s } = await createSession(
      { db: t.db, clock, tz },
      { kind: 'lecture', title: 'x', startsAt: new Date('2025-01-01T01:00:00Z'), unitCode: 'PL' },
      by,
    )
    expect((await listSessionJobs(t.db, s.id)).map((j) => `${j.kind} ${formatLocal(new Date(j.dueAt), tz)}`)).toEqual([
      'session.materials 2025-01-01 08:30',
      'session.close 2025-01-01 10:00',
    ])
  })

  it('moving re-plans what has not run and tells the audience; cancelling stops the rest and tells them', async () => {
    const clock = new ManualClock('2025-03-31T02:00:00Z')
    await seed(t, '2025-04-02T01:00:00.000Z')
    const deps = { db: t.db, clock, tz }
    const { session: s } = await createSession(
      deps,
      {
        kind: 'lecture',
        title: '讲座',
        startsAt: new Date('2025-04-02T01:00:00Z'),
        unitCode: 'PL',
        audience: { unitCodes: ['PL01'], officialIds: ['A'] },
      },
      by,
    )
    const { channel, runUntil } = harness(t, clock)
    await runUntil('2025-04-01T04:00:00Z')
    expect(channel.log).toEqual(['2025-04-01 09:00 session.materials A', '2025-04-01 09:00 session.materials B'])

    await updateSession(deps, s.id, { startsAt: new Date('2025-04-03T06:00:00Z') }, by)
    const jobs = await listSessionJobs(t.db, s.id)
    expect(jobs.filter((j) => j.state === 'pending').map((j) => `${j.kind} ${formatLocal(new Date(j.dueAt), tz)}`)).toEqual([
      'session.notice 2025-04-01 12:00',
      'session.reminder 2025-04-03 12:00',
      'session.close 2025-04-03 15:00',
    ])
    await runUntil('2025-04-01T05:00:00Z')
    expect(channel.log.slice(2)).toEqual(['2025-04-01 12:00 session.notice.moved A', '2025-04-01 12:00 session.notice.moved B'])
    expect(channel.inner.sent.at(-1)!.message.text).toContain('4月3日 14:00')

    await cancelSession(deps, s.id, by)
    await runUntil('2025-04-10T00:00:00Z')
    expect(channel.log.slice(4)).toEqual(['2025-04-01 13:00 session.notice.cancelled A', '2025-04-01 13:00 session.notice.cancelled B'])
    const states = (await listSessionJobs(t.db, s.id)).map((j) => `${j.kind}:${j.state}`)
    expect(states).toContain('session.reminder:cancelled')
    expect(states).toContain('session.close:cancelled')
    expect(await listAttendance(t.db, s.id)).toEqual([])
  })
})
