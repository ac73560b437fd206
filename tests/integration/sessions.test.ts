import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createSession, updateSession, cancelSession, writeSessionIn } from '../../src/sessions/sessions.service.js'
import { markAttendance } from '../../src/sessions/attendance.service.js'
import { listAttendance } from '../../src/sessions/attendance.repo.js'
import { listSessions } from '../../src/sessions/sessions.repo.js'
import { yearRange } from '../../src/calendar.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedOfficials, seedUnits } from '../helpers/seed.js'

const tz = 'Asia/Shanghai'
let t: TestDb
let clock: ManualClock
const by = { actor: 'test' }

beforeEach(async () => {
  clock = new ManualClock('2024-03-01T00:00:00Z')
  t = await createTestDb(clock)
  await seedUnits(t.db, [
    ['PL', '平罗县人民政府'],
    ['PL-SFJ', '县司法局', 'PL'],
    ['PL-SFJ-1', '法律服务所', 'PL-SFJ'],
    ['HX', '惠农区人民政府'],
  ])
  await seedOfficials(t.db, [
    { id: 'A1', unitCode: 'PL' },
    { id: 'A2', unitCode: 'PL-SFJ-1' },
  ])
})
afterEach(() => t.cleanup())

describe('sessions', () => {
  it('creates a session with its laws once, without 《》, in order', async () => {
    const { session: s } = await createSession(
      { db: t.db, clock, tz },
      {
        kind: 'pre_meeting',
        title: '会前学法',
        startsAt: new Date('2024-03-05T01:00:00Z'),
        unitCode: 'PL',
        body: '县政府常务会议',
        meetingNo: '第12次',
        laws: ['《中华人民共和国行政复议法》', '中华人民共和国行政复议法', '《优化营商环境条例》'],
      },
      by,
    )
    expect(s.id).toMatch(/^S20240305-[0-9a-f]{6}$/)
    expect(s.laws).toEqual(['中华人民共和国行政复议法', '优化营商环境条例'])
    expect(s.status).toBe('planned')
    const audit = await t.db.execute({ sql: 'SELECT actor, action FROM audit_log WHERE entity_id = ?', args: [s.id] })
    expect(audit.rows.map((r) => r.action)).toEqual(['session.create'])
  })

  it('refuses an unknown unit and a duplicate id, writing nothing', async () => {
    await expect(
      createSession({ db: t.db, clock, tz }, { kind: 'lecture', title: 'x', startsAt: clock.now(), unitCode: 'NOPE' }, by),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await createSession({ db: t.db, clock, tz }, { id: 'S1', kind: 'lecture', title: 'x', startsAt: clock.now(), unitCode: 'PL' }, by)
    await expect(
      createSession({ db: t.db, clock, tz }, { id: 'S1', kind: 'lecture', title: 'y', startsAt: clock.now(), unitCode: 'PL' }, by),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    const rs = await t.db.execute('SELECT title FROM sessions')
    expect(rs.rows.map((r) => r.title)).toEqual(['x'])
  })

  it('lists by local year and by unit subtree', async () => {
    const mk = (id: string, at: string, unitCode: string) =>
      createSession({ db: t.db, clock, tz }, { id, kind: 'lecture', title: id, startsAt: new Date(at), unitCode }, by)
    await mk('late2023', '2023-12-31T15:30:00Z', 'PL') // 23:30 local on 31 Dec
    await mk('early2024', '2023-12-31T16:10:00Z', 'PL-SFJ-1') // 00:10 local on 1 Jan
    await mk('hx', '2024-05-01T01:00:00Z', 'HX')
    const y2024 = yearRange(2024, tz)
    expect((await listSessions(t.db, y2024)).map((s) => s.id)).toEqual(['early2024', 'hx'])
    expect((await listSessions(t.db, { ...y2024, unitCode: 'PL-SFJ' })).map((s) => s.id)).toEqual(['early2024'])
    expect((await listSessions(t.db, { unitCode: 'PL' })).map((s) => s.id)).toEqual(['late2023', 'early2024'])
  })

  it('marks attendance idempotently, keeping who marked it and when', async () => {
    const { session: s } = await createSession(
      { db: t.db, clock, tz },
      { kind: 'lecture', title: 'x', startsAt: clock.now(), unitCode: 'PL' },
      by,
    )
    const first = await markAttendance(
      { db: t.db, clock, tz },
      s.id,
      [
        { officialId: 'A1', status: 'present' },
        { officialId: 'A2', status: 'excused', note: '出差' },
      ],
      { actor: 'token:1', source: 'api' },
    )
    expect(first.marked).toBe(2)
    clock.advanceMinutes(10)
    const again = await markAttendance({ db: t.db, clock, tz }, s.id, [{ officialId: 'A1', status: 'present' }], {
      actor: 'token:2',
      source: 'api',
    })
    expect(again.marked).toBe(0)
    const marks = await listAttendance(t.db, s.id)
    expect(marks.find((m) => m.officialId === 'A1')).toMatchObject({
      status: 'present',
      markedBy: 'token:1',
      markedAt: '2024-03-01T00:00:00.000Z',
    })
    const changed = await markAttendance({ db: t.db, clock, tz }, s.id, [{ officialId: 'A2', status: 'makeup' }], {
      actor: 'token:2',
      source: 'api',
    })
    expect(changed.counts).toMatchObject({ present: 1, makeup: 1, excused: 0 })
  })

  it('refuses marks for unknown officials and for cancelled sessions, writing nothing', async () => {
    const { session: s } = await createSession(
      { db: t.db, clock, tz },
      { kind: 'lecture', title: 'x', startsAt: clock.now(), unitCode: 'PL' },
      by,
    )
    await expect(
      markAttendance(
        { db: t.db, clock, tz },
        s.id,
        [
          { officialId: 'A1', status: 'present' },
          { officialId: 'GHOST', status: 'present' },
        ],
        { actor: 't', source: 'api' },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(await listAttendance(t.db, s.id)).toEqual([])
    await cancelSession({ db: t.db, clock, tz }, s.id, by)
    await expect(
      markAttendance({ db: t.db, clock, tz }, s.id, [{ officialId: 'A1', status: 'present' }], { actor: 't', source: 'api' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('updates the time and laws of a session', async () => {
    const { session: s } = await createSession(
      { db: t.db, clock, tz },
      { kind: 'pre_meeting', title: 'x', startsAt: new Date('2024-03-05T01:00:00Z'), unitCode: 'PL', laws: ['甲法'] },
      by,
    )
    const { session: u } = await updateSession(
      { db: t.db, clock, tz },
      s.id,
      { startsAt: new Date('2024-03-06T01:00:00Z'), laws: ['乙法', '《丙法》'] },
      by,
    )
    expect(u).toMatchObject({ startsAt: '2024-03-06T01:00:00.000Z', laws: ['乙法', '丙法'], title: 'x' })
  })

  it('never writes a cancelled session back to planned, whichever way in asks (CONFLICT, nothing written)', async () => {
    const deps = { db: t.db, clock, tz }
    const s = await cancelSession(
      deps,
      (await createSession(deps, { kind: 'lecture', title: 'x', startsAt: new Date('2024-03-05T01:00:00Z'), unitCode: 'PL' }, by)).session
        .id,
      by,
    )
    const write = () => t.db.write((tx) => writeSessionIn(tx, s, { ...s, status: 'planned', createdBy: null }, { clock, tz, by }))
    await expect(write()).rejects.toMatchObject({ code: 'CONFLICT' })
    const jobs = await t.db.execute({ sql: "SELECT kind FROM jobs WHERE session_id = ? AND state = 'pending' ORDER BY id", args: [s.id] })
    expect(jobs.rows.map((r) => r.kind)).toEqual(['session.notice'])
    expect((await listSessions(t.db)).map((x) => x.status)).toEqual(['cancelled'])
  })
})
