/**
 * The capacity model beside the real outbox: the same pacing (pacing.ts, with its reply reserve), the real sender on
 * a virtual clock. What the model says fits must go out that day; what it says does not, must not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { computeCapacity, DEFAULT_ASSUMPTIONS, pacingOf, type CapacityInput } from '../../src/delivery/capacity.rules.js'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { insertDeliveries, type NewDelivery } from '../../src/delivery/deliveries.repo.js'
import { CHANNEL_LIMITS, createPacerRegistry } from '../../src/delivery/pacing.js'
import { drainAccount } from '../../src/delivery/sender.js'
import { silentLogger } from '../../src/log.js'
import { capacityWarningsZh } from '../../src/sessions/capacity.copy.zh.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const tz = 'Asia/Shanghai'
/** a small county's day: the WeChat pacing with a cap of 200 (the reserve for replies: 20) */
const limits = { ...CHANNEL_LIMITS.wechaty, dailyCap: 200 }

const notices = (n: number, at: string): NewDelivery[] =>
  Array.from({ length: n }, (_, i) => ({
    dedupKey: `notice:official:O${i}`,
    jobId: null,
    channel: 'wechaty',
    account: 'default',
    to: { kind: 'official', officialId: `O${i}` },
    message: { text: `通知${i}`, tag: 'test' },
    notBefore: at,
  }))

/** the model for `people` on one account, answering on the page only (no chat replies), no reminder */
const model = (people: number) =>
  computeCapacity({
    accounts: [{ account: 'default', people, usedOnDay: 0, queued: 0 }],
    unbound: 0,
    robotGroups: 0,
    pacing: pacingOf(limits),
    assumptions: { ...DEFAULT_ASSUMPTIONS, chatAnswerShare: 0 },
    reminder: 'none',
    msUntilNotice: 0,
    windowMs: 24 * 3600_000,
  } satisfies CapacityInput)

describe('the capacity model against the real sender', () => {
  let t: TestDb
  let clock: ManualClock
  const sleep = async (ms: number) => void clock.advance(ms)
  beforeEach(async () => {
    t = await createTestDb()
    clock = new ManualClock('2024-03-04T01:00:00Z')
  })
  afterEach(() => t.cleanup())

  /** sends `n` notices through the real sender (jitter at its mean); what went out that day, and when the last went */
  async function run(n: number) {
    const start = clock.now().getTime()
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, notices(n, at), at)
    const ch = new RecordingChannel()
    const deps = {
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      owner: 'me',
      sleep,
      channels: { wechaty: ch },
      pacers: createPacerRegistry({ clock, tz, sleep, random: () => 0.5, overrides: { wechaty: limits } }),
    }
    const stats = await drainAccount(deps, 'wechaty', 'default')
    return { sent: stats.sent, deferred: stats.deferred, lastMs: clock.now().getTime() - start }
  }

  it('fits what the outbox sends at once, in no more time than the model gives', async () => {
    const m = model(150)
    expect(m).toMatchObject({ fitsCap: true, fitsInTime: true, accountsNeeded: 1 })
    const r = await run(150)
    expect(r).toMatchObject({ sent: 150, deferred: 0 })
    expect(r.lastMs).toBeLessThanOrEqual(m.longestFanoutMs)
  })

  it('does not fit notices past the bulk cap: the outbox keeps the reply reserve and holds them for the next day', async () => {
    const m = model(190)
    const r = await run(190)
    expect(r).toMatchObject({ sent: 180, deferred: 1 })
    expect(m).toMatchObject({ fitsCap: false, accountsNeeded: 2, warnings: ['cap'] })
    // said in figures that add up: within the day's 200, over what the outbox may send
    const report = {
      ...m,
      unit: { code: 'PL', name: '平罗县' },
      session: null,
      date: '2024-03-04',
      pacing: pacingOf(limits),
      assumptions: DEFAULT_ASSUMPTIONS,
    }
    expect(capacityWarningsZh(report, tz)[0]).toContain(
      '账号「default」的通知和提醒约需 190 条、只剩 180 条（每天最后 20 条留给答题回复），超出的消息要到次日才能发出。需要 2 个机器人账号才能当天发完（现有 1 个）。',
    )
  })
})
