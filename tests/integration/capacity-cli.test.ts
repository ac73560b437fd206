import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { runXuefaHere } from '../helpers/cli.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedUnits } from '../helpers/seed.js'
import { seedPeople, seedRobot } from './capacity-fixtures.js'

const tz = 'Asia/Shanghai'
// the command reads the system clock: the sessions are planned far ahead of it, so their notices are still to go
const clock = new ManualClock('2099-03-04T00:00:00.000Z')
let t: TestDb
let env: Record<string, string>

beforeEach(async () => {
  t = await createTestDb(clock)
  env = { ...t.env, XUEFA_BOT_ACCOUNTS: 'a,b' }
  await seedUnits(t.db, [
    ['PL', '平罗县人民政府'],
    ['PL02', '县教育局', 'PL'],
    ['BIG', '全员培训单位'],
  ])
  await seedPeople(t.db, 'PL02', 'C', 3, 1, 'a')
  await seedRobot(t.db, 2, 'PL02')
  await seedPeople(t.db, 'BIG', 'P', 1500, 1500, 'a')
})
afterEach(() => t.cleanup())

const session = (o: { unitCode: string; startsAt: string; timeline?: unknown }) =>
  createSession(
    { db: t.db, clock, tz },
    { kind: 'pre_meeting', title: '会前学法', ...o, startsAt: new Date(o.startsAt) },
    { actor: 'test' },
  )

describe('xuefa capacity', () => {
  it('shows a unit in Chinese: officials, bound, accounts, messages, fan-out, the cap left', async () => {
    const r = await runXuefaHere(['capacity', '--unit', 'PL'], env)
    expect(r.code, r.stderr).toBe(0)
    for (const line of [
      '发送容量：平罗县人民政府（PL）',
      '应通知人数：3（已绑定 1，未绑定 2）',
      '账号数：2',
      '本次将发送消息数：约 5 条（私信 3：通知 1、答题结果 1、提醒 1；群机器人 2 条）',
      '预计发完用时：不到 1 分钟',
      '今日剩余额度：4,000 条（',
      '当天额度够用。未指定活动，不检查能否按时发完',
      '测算依据：每个账号平均每 1.5 秒发送一条',
    ])
      expect(r.stdout).toContain(line)
  })

  it('shows a planned session as JSON', async () => {
    const { session: s } = await session({ unitCode: 'PL02', startsAt: '2099-03-06T01:00:00Z' })
    const r = await runXuefaHere(['capacity', '--unit', 'PL', '--session', s.id, '--json'], env)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      unit: { code: 'PL02' },
      session: { id: s.id, deadline: { kind: 'start' } },
      officials: 3,
      bound: 1,
      accounts: 2,
      messages: { notices: 1, robot: 2 },
      fitsInTime: true,
      accountsNeeded: 1,
      warnings: [],
      pacing: { meanIntervalMs: 1500, dailyCap: 2000, bulkDailyCap: 1800 },
    })
  })

  it('warns in plain Chinese when the notices cannot all go out before the start, naming the accounts needed', async () => {
    const { session: s } = await session({
      unitCode: 'BIG',
      startsAt: '2099-03-04T09:30:00+08:00',
      timeline: { materials: { daysBefore: 0, at: '09:00' } },
    })
    const r = await runXuefaHere(['capacity', '--unit', 'BIG', '--session', s.id], env)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('预计发完用时：约 38 分钟')
    expect(r.stdout).toContain('⚠ 通知无法在活动开始')
    // two accounts would do, but everyone is bound to a
    expect(r.stdout).toContain('2 个账号就能按时发完，但人员没有均衡分配：账号「a」绑定了 1,500 人')
    expect(r.stdout).toContain('的发送额度不够：账号「a」约需 2,175 条、剩余 2,000 条')
    const one = await runXuefaHere(['capacity', '--unit', 'BIG', '--session', s.id], { ...env, XUEFA_BOT_ACCOUNTS: 'a' })
    expect(one.stdout).toContain('需要 2 个机器人账号才能按时发完（现有 1 个）')
    expect(r.stdout).not.toContain('通知可以按时发完')
  })

  it('refuses an unknown unit or session, a session of another unit and a bad date in Chinese, with exit code 1', async () => {
    const { session: s } = await session({ unitCode: 'BIG', startsAt: '2099-03-06T01:00:00Z' })
    for (const [args, said] of [
      [['--unit', 'NOPE'], '单位「NOPE」不存在'],
      [['--unit', 'PL', '--session', s.id], `活动「${s.id}」不是单位「PL」或其下属单位组织的`],
      [['--unit', 'PL', '--session', 'S-NONE'], '活动「S-NONE」不存在'],
      [['--unit', 'PL', '--date', '2099/03/04'], '--date 应为日期 YYYY-MM-DD'],
    ] as const) {
      const r = await runXuefaHere(['capacity', ...args], env)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain(said)
    }
    expect((await runXuefaHere(['capacity'], env)).code).toBe(1)
  })
})
