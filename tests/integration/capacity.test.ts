import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { capacityFor, sessionCapacity, type CapacityDeps } from '../../src/sessions/capacity.service.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { findSession } from '../../src/sessions/sessions.repo.js'
import { capacityWarningsZh } from '../../src/sessions/capacity.copy.zh.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedOfficials, seedUnits } from '../helpers/seed.js'
import { bindTo, seedDelivery, seedPeople, seedRobot } from './capacity-fixtures.js'

const tz = 'Asia/Shanghai'
const by = { actor: 'test' }
// 2024-03-04 08:00 in Shanghai
const clock = new ManualClock('2024-03-04T00:00:00.000Z')
let t: TestDb
let deps: CapacityDeps & { db: TestDb['db'] }

beforeEach(async () => {
  clock.set(new Date('2024-03-04T00:00:00.000Z'))
  t = await createTestDb(clock)
  deps = { db: t.db, clock, tz, accounts: ['a', 'b'] }
  await seedUnits(t.db, [
    ['PL', '平罗县人民政府'],
    ['PL01', '县司法局', 'PL'],
    ['PL02', '县教育局', 'PL'],
    ['HX', '惠农区人民政府'],
  ])
  // 县司法局: all four bound, two on each account; 县教育局: one bound on a, two not; one who left
  await seedOfficials(t.db, [
    { id: 'A1', unitCode: 'PL01' },
    { id: 'A2', unitCode: 'PL01' },
    { id: 'B1', unitCode: 'PL01' },
    { id: 'B2', unitCode: 'PL01' },
    { id: 'C1', unitCode: 'PL02' },
    { id: 'C2', unitCode: 'PL02' },
    { id: 'C3', unitCode: 'PL02' },
    { id: 'GONE', unitCode: 'PL02', leftAt: '2024-02-01T00:00:00.000Z' },
    { id: 'H1', unitCode: 'HX' },
  ])
  await bindTo(t.db, 'a', ['A1', 'A2', 'C1'])
  await bindTo(t.db, 'b', ['B1', 'B2'])
  // robots of both units: only 县教育局's has people it must tell (some not bound)
  await seedRobot(t.db, 1, 'PL01')
  await seedRobot(t.db, 2, 'PL02')
  // account a today: 3 sent, 2 waiting; yesterday's sends do not count
  for (const i of [1, 2, 3])
    await seedDelivery(t.db, `sent-${i}`, 'a', { notBefore: '2024-03-04T00:00:00.000Z', sentAt: '2024-03-04T00:00:00.000Z' })
  await seedDelivery(t.db, 'old', 'a', { notBefore: '2024-03-03T01:00:00.000Z', sentAt: '2024-03-03T01:00:00.000Z' })
  for (const i of [1, 2]) await seedDelivery(t.db, `wait-${i}`, 'a', { notBefore: '2024-03-04T00:00:00.000Z' })
})
afterEach(() => t.cleanup())

describe('capacity of a unit', () => {
  it('counts everyone on the roster of the unit and below, bound or not, by account, with the outbox of the day', async () => {
    const r = await capacityFor(deps, { unitCode: 'PL' })
    expect(r).toMatchObject({
      unit: { code: 'PL', name: '平罗县人民政府' },
      session: null,
      date: '2024-03-04',
      officials: 7,
      bound: 5,
      unbound: 2,
      accounts: 2,
      // the deployment's reminder comes the day after the notice: it is counted, not against this day
      messages: { notices: 5, robot: 2 },
      fitsInTime: null,
      warnings: [],
    })
    expect(r.perAccount).toEqual([
      {
        account: 'a',
        people: 3,
        queuedAhead: 2,
        fanoutMs: 5 * 1500,
        sendsOnDay: 3 + 2,
        capLeft: 2000 - 5,
        bulkSendsOnDay: 3,
        bulkCapLeft: 1800 - 5,
        fitsCap: true,
      },
      {
        account: 'b',
        people: 2,
        queuedAhead: 0,
        fanoutMs: 2 * 1500,
        sendsOnDay: 2 + 1,
        capLeft: 2000,
        bulkSendsOnDay: 2,
        bulkCapLeft: 1800,
        fitsCap: true,
      },
    ])
  })

  it('counts the cap of the day asked for: what went out on it, and what waits only on today', async () => {
    const yesterday = await capacityFor(deps, { unitCode: 'PL', date: '2024-03-03' })
    expect(yesterday.perAccount[0]).toMatchObject({ account: 'a', capLeft: 2000 - 1 })
    await seedDelivery(t.db, 'tomorrow', 'a', { notBefore: '2024-03-05T02:00:00.000Z' })
    const tomorrow = await capacityFor(deps, { unitCode: 'PL', date: '2024-03-05' })
    expect(tomorrow.perAccount[0]).toMatchObject({ account: 'a', capLeft: 2000 - 1 })
  })

  it('shows an account officials are bound to even when it is not configured, and a unit nobody is bound in', async () => {
    await bindTo(t.db, 'old-phone', ['H1'])
    const hx = await capacityFor(deps, { unitCode: 'HX' })
    expect(hx.perAccount.map((a) => [a.account, a.people])).toEqual([
      ['a', 0],
      ['b', 0],
      ['old-phone', 1],
    ])
    const none = await capacityFor({ ...deps, accounts: ['a'] }, { unitCode: 'PL02' })
    expect(none).toMatchObject({ officials: 3, bound: 1, unbound: 2, messages: { notices: 1, robot: 2 } })
  })

  it('refuses an unknown unit, a bad date, and a session of another unit', async () => {
    await expect(capacityFor(deps, { unitCode: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(capacityFor(deps, { unitCode: 'PL', date: '4 March' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const { session } = await createSession(
      deps,
      { kind: 'lecture', title: '讲座', startsAt: new Date('2024-03-06T01:00:00Z'), unitCode: 'HX' },
      by,
    )
    await expect(capacityFor(deps, { unitCode: 'PL', sessionId: session.id })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(capacityFor(deps, { unitCode: 'PL', sessionId: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('capacity of a planned session', () => {
  it('takes its audience, the notice time of its timeline and its start as the deadline', async () => {
    // starts 2024-03-06 09:00: the notice on 03-05 09:00, the reminder on 03-06 07:00
    const { session } = await createSession(
      deps,
      {
        kind: 'pre_meeting',
        title: '会前学法',
        startsAt: new Date('2024-03-06T01:00:00Z'),
        unitCode: 'PL',
        audience: { unitCodes: ['PL02'] },
      },
      by,
    )
    const r = await capacityFor(deps, { unitCode: 'PL', sessionId: session.id })
    expect(r).toMatchObject({
      session: {
        id: session.id,
        noticeAt: '2024-03-05T01:00:00.000Z',
        deadline: { kind: 'start', at: '2024-03-06T01:00:00.000Z' },
      },
      date: '2024-03-05',
      officials: 3,
      bound: 1,
      unbound: 2,
      // one notice, one reply, one reminder (the next day); 县教育局's robot: announcement and reminder
      messages: { notices: 1, replies: 1, reminders: 1, robot: 2, private: 3, total: 5 },
      fitsInTime: true,
      fitsCap: true,
      accountsNeeded: 1,
      warnings: [],
    })
    // what waits in a's queue now has gone by the next morning; the day counted is the notice's
    expect(r.perAccount[0]).toMatchObject({ account: 'a', people: 1, queuedAhead: 0, fanoutMs: 1500, capLeft: 2000, sendsOnDay: 2 })
  })

  it('warns when 1,500 people cannot all have the notice in the half hour before the start, naming 2 accounts', async () => {
    await seedUnits(t.db, [['BIG', '全员培训单位']])
    await seedPeople(t.db, 'BIG', 'P', 1500, 1500, 'a')
    const { session } = await createSession(
      deps,
      {
        kind: 'all_staff_training',
        title: '全员法治培训',
        startsAt: new Date('2024-03-04T09:30:00+08:00'),
        unitCode: 'BIG',
        timeline: { materials: { daysBefore: 0, at: '09:00' } },
      },
      by,
    )
    const r = await sessionCapacity(deps, session)
    expect(r).toMatchObject({
      session: { noticeAt: '2024-03-04T01:00:00.000Z' },
      bound: 1500,
      // 1,500 × 1.5 s = 37.5 min > 30 min; 1,500 notices + 675 replies > the day's 2,000
      longestFanoutMs: 1500 * 1500,
      fitsInTime: false,
      fitsCap: false,
      accountsNeeded: 2,
      warnings: ['late', 'cap'],
    })
    const four = await sessionCapacity({ ...deps, accounts: ['a', 'b', 'c', 'd'] }, session)
    // the officials stay bound where they are: more accounts configured do not move them
    expect(four.perAccount.map((a) => a.people)).toEqual([1500, 0, 0, 0])
  })

  it('counts the notices other sessions plan that morning: 40 departments of 25, the last one is late behind the others', async () => {
    const at0900 = { materials: { daysBefore: 0, at: '09:00' } }
    const ids: string[] = []
    for (let d = 1; d <= 40; d++) {
      const code = `D${String(d).padStart(2, '0')}`
      await seedUnits(t.db, [[code, `部门${d}`]])
      await seedPeople(t.db, code, `${code}-`, 25, 25, 'a')
      const { session } = await createSession(
        deps,
        // each department's 会前学法 starts at 09:20 on 03-05, with its notice at 09:00
        {
          kind: 'pre_meeting',
          title: `部门${d}会前学法`,
          startsAt: new Date('2024-03-05T09:20:00+08:00'),
          unitCode: code,
          timeline: at0900,
        },
        by,
      )
      ids.push(session.id)
    }
    const first = await sessionCapacity(deps, (await findSession(t.db, ids[0]!))!)
    const last = await sessionCapacity(deps, (await findSession(t.db, ids[39]!))!)
    // the first goes first: 25 notices, 37.5 s; the day holds all 1,000 notices of the morning
    expect(first).toMatchObject({ fitsInTime: true, warnings: [] })
    expect(first.perAccount[0]).toMatchObject({ account: 'a', queuedAhead: 0, capLeft: 2000 - 975 })
    // the last waits behind 975: its last notice goes 25 minutes after 09:00, past its 09:20 start; the morning spread
    // over two accounts would fit
    expect(last).toMatchObject({ longestFanoutMs: 1000 * 1500, fitsInTime: false, accountsNeeded: 2, warnings: ['late'] })
    expect(last.perAccount[0]).toMatchObject({ account: 'a', queuedAhead: 975 })
    expect(capacityWarningsZh(last, tz)[0]).toContain('2 个账号就能按时发完，但账号「a」前面还有 975 条消息排队')
  })

  it('says nothing of the deadline once the notice has gone, nor for a cancelled session', async () => {
    const { session } = await createSession(
      deps,
      { kind: 'lecture', title: '讲座', startsAt: new Date('2024-03-06T01:00:00Z'), unitCode: 'PL01' },
      by,
    )
    await t.db.execute({ sql: "UPDATE jobs SET state = 'done' WHERE session_id = ? AND kind = 'session.materials'", args: [session.id] })
    const r = await sessionCapacity(deps, session)
    expect(r).toMatchObject({ session: { noticeAt: null }, date: '2024-03-04', bound: 4, fitsInTime: null, warnings: [] })
    const cancelled = await sessionCapacity(deps, { ...session, status: 'cancelled' })
    expect(cancelled.session?.noticeAt).toBeNull()
  })
})
