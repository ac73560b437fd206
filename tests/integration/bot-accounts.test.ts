/** Several bot accounts in the outbox: each private row takes its official's account, and is sent through it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { createPacerRegistry } from '../../src/delivery/pacing.js'
import { drainAccount, type SenderDeps } from '../../src/delivery/sender.js'
import { createDeliveryService } from '../../src/delivery/delivery.service.js'
import { insertDeliveries } from '../../src/delivery/deliveries.repo.js'
import { privateDelivery, robotDelivery } from '../../src/delivery/fanout.js'
import { listAudience } from '../../src/sessions/audience.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { bindDirectly, rows, seedRoster } from '../helpers/chat.js'

const tz = 'Asia/Shanghai'

describe('bot accounts in the outbox', () => {
  let t: TestDb
  const clock = new ManualClock('2024-03-04T01:00:00Z')
  const sleep = async (ms: number) => void clock.advance(ms)
  const now = () => clock.now().toISOString()
  const message = { text: '通知', tag: 'test' }
  /** privateDelivery's row for a job number (without the jobs row it would point to) */
  const toOfficial = (job: number, officialId: string) => ({
    ...privateDelivery(job, officialId, message, now()),
    jobId: null,
  })

  beforeEach(async () => {
    t = await createTestDb(clock)
    await seedRoster(t.db)
    for (const [id, account] of [
      ['A001', 'a'],
      ['A002', 'b'],
      ['O001', 'default'],
    ] as const) {
      await bindDirectly(t.db, id, `wx-${id}`)
      await t.db.execute({ sql: 'UPDATE chat_bindings SET account = :account WHERE official_id = :id', args: { account, id } })
    }
  })
  afterEach(() => t.cleanup())

  it("writes a private row with its official's account, whatever account the caller gave", async () => {
    await insertDeliveries(
      t.db,
      [
        ...['A001', 'A002', 'O001', 'B001'].map((id) => toOfficial(1, id)),
        // a result sent without privateDelivery (as the timed exam's) is treated alike
        {
          dedupKey: 'attempt.expired:1',
          jobId: null,
          channel: 'wechaty' as const,
          account: 'default',
          to: { kind: 'official' as const, officialId: 'A002' },
          message,
          notBefore: now(),
        },
        { ...robotDelivery(1, { id: 7, platform: 'wecom' }, message, now()), jobId: null },
      ],
      now(),
    )
    expect(await rows(t.db, 'SELECT dedup_key, channel, account FROM deliveries ORDER BY id')).toEqual([
      { dedup_key: '1:official:A001', channel: 'wechaty', account: 'a' },
      { dedup_key: '1:official:A002', channel: 'wechaty', account: 'b' },
      { dedup_key: '1:official:O001', channel: 'wechaty', account: 'default' },
      // not bound: the caller's account (the row fails on sending, as before)
      { dedup_key: '1:official:B001', channel: 'wechaty', account: 'default' },
      { dedup_key: 'attempt.expired:1', channel: 'wechaty', account: 'b' },
      { dedup_key: '1:robot:7', channel: 'wecom', account: '7' },
    ])
    // written again (a job run twice): nothing more
    expect(await insertDeliveries(t.db, [toOfficial(1, 'A001')], now())).toBe(0)
  })

  it('gives the audience each member’s account', async () => {
    const audience = await listAudience(t.db, { id: 'S', startsAt: now(), unitCode: 'PL', audience: null })
    expect(audience.map((m) => [m.id, m.bound, m.account])).toEqual([
      ['B001', false, null],
      ['O001', true, 'default'],
      ['A001', true, 'a'],
      ['A002', true, 'b'],
    ])
  })

  it("sends each account's rows through that account's channel; an account not served here waits", async () => {
    await insertDeliveries(
      t.db,
      ['A001', 'A002', 'O001'].map((id) => toOfficial(2, id)),
      now(),
    )
    const a = new RecordingChannel('a')
    const b = new RecordingChannel('b')
    const service = createDeliveryService({
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      sleep,
      owner: 'one-process',
      channels: {},
      accountChannels: { wechaty: { a, b } },
      pacers: createPacerRegistry({ clock, tz, sleep, random: () => 0 }),
    })
    await service.drainOnce()
    expect(a.sent.map((s) => s.to)).toEqual([{ kind: 'official', officialId: 'A001' }])
    expect(b.sent.map((s) => s.to)).toEqual([{ kind: 'official', officialId: 'A002' }])
    expect(await rows(t.db, 'SELECT account, state FROM deliveries ORDER BY id')).toEqual([
      { account: 'a', state: 'sent' },
      { account: 'b', state: 'sent' },
      { account: 'default', state: 'pending' },
    ])
  })

  it('sends the rows of an account no longer configured through the first configured one', async () => {
    // O001 was bound on 'default' before the deployment named its accounts a and b; B001 never bound
    await insertDeliveries(
      t.db,
      ['O001', 'B001', 'A001'].map((id) => toOfficial(9, id)),
      now(),
    )
    const a = new RecordingChannel('a')
    const pacers = createPacerRegistry({ clock, tz, sleep, random: () => 0 })
    const service = createDeliveryService({
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      sleep,
      owner: 'one-process',
      channels: {},
      accountChannels: { wechaty: { a } },
      servedAs: (channel, account) => (channel === 'wechaty' && !['a', 'b'].includes(account) ? 'a' : account),
      pacers,
    })
    await service.drainOnce()
    expect(a.sent.map((s) => (s.to as { officialId: string }).officialId).sort()).toEqual(['A001', 'B001', 'O001'])
    expect(await rows(t.db, "SELECT count(*) AS n FROM deliveries WHERE state = 'pending'")).toEqual([{ n: 0 }])
  })

  it('lets a reply asked for during a drain go before the next row', async () => {
    await insertDeliveries(
      t.db,
      Array.from({ length: 5 }, (_, i) => toOfficial(3 + i, 'A001')),
      now(),
    )
    const pacers = createPacerRegistry({ clock, tz, sleep, random: () => 0 })
    const pacer = pacers.pacerFor('wechaty', 'a')
    const order: string[] = []
    const channel = new RecordingChannel('a')
    const sendRow = channel.send.bind(channel)
    let replied: Promise<void> | undefined
    channel.send = async (to, m) => {
      await sendRow(to, m)
      order.push('row')
      // someone writes while the second row goes out
      if (order.length === 2) replied = pacer.schedule(async () => void order.push('reply'), 'interactive')
    }
    const deps: SenderDeps = {
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      sleep,
      owner: 'me',
      channels: {},
      accountChannels: { wechaty: { a: channel } },
      pacers,
    }
    expect(await drainAccount(deps, 'wechaty', 'a')).toMatchObject({ sent: 5 })
    await replied
    expect(order).toEqual(['row', 'row', 'reply', 'row', 'row', 'row'])
  })
})
