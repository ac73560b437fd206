import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock, systemClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { RecordingChannel, type Channel } from '../../src/delivery/channel.js'
import { createPacerRegistry } from '../../src/delivery/pacing.js'
import { drainAccount, recoverAbandonedSends, type SenderDeps } from '../../src/delivery/sender.js'
import { createDeliveryService } from '../../src/delivery/delivery.service.js'
import { countDeliveries, insertDeliveries, markSending, type NewDelivery } from '../../src/delivery/deliveries.repo.js'
import { ChannelUnavailableError, PermanentDeliveryError } from '../../src/delivery/errors.js'
import { createScheduler } from '../../src/scheduler/scheduler.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { enqueueJob } from '../../src/jobs/jobs.repo.js'
import { createSignal } from '../helpers/signal.js'
import { deadOwner } from '../helpers/dead-owner.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const tz = 'Asia/Shanghai'

const rows = (n: number, at: string, prefix = 'j1'): NewDelivery[] =>
  Array.from({ length: n }, (_, i) => ({
    dedupKey: `${prefix}:official:O${i}`,
    jobId: null,
    channel: 'wechaty',
    account: 'default',
    to: { kind: 'official', officialId: `O${i}` },
    message: { text: `消息${i}`, tag: 'test' },
    notBefore: at,
  }))

async function states(t: TestDb) {
  const rs = await t.db.execute('SELECT recipient, state, attempts, not_before, last_error FROM deliveries ORDER BY id')
  return rs.rows.map((r) => ({
    recipient: String(r.recipient),
    state: String(r.state),
    attempts: Number(r.attempts),
    notBefore: String(r.not_before),
    lastError: r.last_error,
  }))
}

describe('the delivery outbox', () => {
  let t: TestDb
  let clock: ManualClock
  const sleep = async (ms: number) => void clock.advance(ms)
  const sender = (channel: Channel, extra: Partial<SenderDeps> = {}): SenderDeps => ({
    db: t.db,
    clock,
    tz,
    logger: silentLogger,
    owner: 'me',
    sleep,
    channels: { wechaty: channel },
    pacers: createPacerRegistry({ clock, tz, sleep, random: () => 0 }),
    ...extra,
  })
  beforeEach(async () => {
    t = await createTestDb()
    clock = new ManualClock('2024-03-04T01:00:00Z')
  })
  afterEach(() => t.cleanup())

  it('writes a fan-out once: planning the same rows again creates and sends nothing more', async () => {
    const at = clock.now().toISOString()
    expect(await insertDeliveries(t.db, rows(1000, at), at)).toBe(1000)
    expect(await insertDeliveries(t.db, rows(1000, at), at)).toBe(0)
    const ch = new RecordingChannel()
    const s = sender(ch, {
      pacers: createPacerRegistry({ clock, tz, sleep, overrides: { wechaty: { minIntervalMs: 0, jitterMs: 0, dailyCap: 5000 } } }),
    })
    expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ sent: 1000 })
    expect(await insertDeliveries(t.db, rows(1000, at), at)).toBe(0)
    expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ sent: 0 })
    expect(ch.sent).toHaveLength(1000)
    expect(new Set(ch.sent.map((x) => (x.to.kind === 'official' ? x.to.officialId : ''))).size).toBe(1000)
  })

  it('retries a failed send with backoff, records the error, and fails after the last attempt; a permanent error fails at once', async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(
      t.db,
      [...rows(1, at, 'a'), { ...rows(1, at, 'b')[0]!, to: { kind: 'official', officialId: 'X' }, dedupKey: 'b:x' }],
      at,
    )
    const flaky: Channel = {
      name: 'flaky',
      async send(to) {
        if (to.kind === 'official' && to.officialId === 'X') throw new PermanentDeliveryError('no such contact')
        throw new Error('puppet not logged in')
      },
    }
    const s = sender(flaky, { maxAttempts: 3 })
    expect(await drainAccount(s, 'wechaty', 'default', { horizonMs: 3_600_000 })).toMatchObject({ retried: 2, failed: 2 })
    const [a, x] = await states(t)
    expect(a).toMatchObject({ state: 'failed', attempts: 3, lastError: 'puppet not logged in' })
    expect(x).toMatchObject({ state: 'failed', attempts: 1, lastError: 'no such contact' })
    // 30 s after the first try, 60 s after the second
    expect(new Date(a!.notBefore).getTime() - new Date(at).getTime()).toBe(90_000)
  })

  it('waits, without using up attempts, while the channel is not ready or says it is unavailable', async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, rows(1, at), at)
    let ready = false
    let up = false
    const ch = new RecordingChannel()
    const wechat: Channel = {
      name: 'wechat',
      isReady: () => ready,
      async send(to, m) {
        if (!up) throw new ChannelUnavailableError('the WeChat bot is not logged in', 30_000)
        await ch.send(to, m)
      },
    }
    const s = sender(wechat, { maxAttempts: 1 })
    expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ sent: 0, failed: 0 })
    ready = true
    for (let i = 0; i < 3; i++) {
      expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ unavailable: 1, throttled: 0, failed: 0 })
      clock.advance(30_000)
    }
    up = true
    expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ sent: 1 })
    expect((await states(t))[0]).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('ends the drain at the first unavailable: a logout mid-drain costs one attempt, not one per due row', async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, rows(10, at), at)
    const ch = new RecordingChannel()
    let calls = 0
    const wechat: Channel = {
      name: 'wechat',
      async send(to, m) {
        calls++
        if (calls > 2) throw new ChannelUnavailableError('the WeChat bot is not logged in', 30_000)
        await ch.send(to, m)
      },
    }
    expect(await drainAccount(sender(wechat), 'wechaty', 'default')).toMatchObject({ sent: 2, unavailable: 1, throttled: 0, failed: 0 })
    expect(calls).toBe(3)
    const st = await states(t)
    expect(st.map((r) => r.state)).toEqual(['sent', 'sent', ...Array(8).fill('pending')])
    // no try spent: the row that met the logout waits 30 s, the ones behind it were not touched
    const in30s = new Date(clock.now().getTime() + 30_000).toISOString() // the drain ended at the failed send
    expect(st[2]).toMatchObject({ attempts: 0, notBefore: in30s, lastError: 'the WeChat bot is not logged in' })
    expect(st.slice(3).every((r) => r.attempts === 0 && r.notBefore === at && r.lastError === null)).toBe(true)
  })

  it("holds rows past the account's daily cap until the next local day", async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, rows(5, at), at)
    const ch = new RecordingChannel()
    const s = sender(ch, { pacers: createPacerRegistry({ clock, tz, sleep, overrides: { wechaty: { dailyCap: 3 } } }) })
    expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ sent: 3, deferred: 1 })
    const st = await states(t)
    // the row that met the cap waits for local midnight (16:00 UTC); the one behind it stays pending in line
    expect(st.filter((r) => r.state === 'pending').map((r) => r.notBefore)).toEqual([
      '2024-03-04T16:00:00.000Z',
      '2024-03-04T01:00:00.000Z',
    ])
    clock.set('2024-03-04T16:00:00Z')
    expect(await drainAccount(s, 'wechaty', 'default')).toMatchObject({ sent: 2 })
  })

  it('settles only rows left sending by a dead process, never resending them', async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, rows(2, at), at)
    await markSending(t.db, 1, 'dead', '2024-03-04T00:58:00.000Z')
    await markSending(t.db, 2, 'alive', '2024-03-04T00:59:30.000Z')
    expect(await recoverAbandonedSends({ db: t.db, clock, logger: silentLogger, staleSendingMs: 60_000 })).toBe(1)
    expect(await countDeliveries(t.db)).toMatchObject({ failed: 1, ambiguous: 1, sending: 1 })
  })

  it('after a restart, settles at once the row a dead process of this host left sending and takes its account', async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, rows(3, at), at)
    const dead = await deadOwner('send')
    await markSending(t.db, 1, dead, at) // in flight a moment ago: not stale by time
    await t.db.execute({
      sql: "INSERT INTO sender_leases (channel, account, owner, lease_until) VALUES ('wechaty', 'default', ?, '2024-03-04T01:01:00.000Z')",
      args: [dead],
    })
    expect(await recoverAbandonedSends({ db: t.db, clock, logger: silentLogger, staleSendingMs: 60_000 })).toBe(1)
    const ch = new RecordingChannel()
    expect(await drainAccount(sender(ch), 'wechaty', 'default')).toMatchObject({ sent: 2 })
    expect(await countDeliveries(t.db)).toMatchObject({ sent: 2, ambiguous: 1, sending: 0 })
  })

  it('lets one process at a time send for an account', async () => {
    const at = clock.now().toISOString()
    await insertDeliveries(t.db, rows(3, at), at)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let entered!: () => void
    const inSend = new Promise<void>((r) => (entered = r))
    const a = new RecordingChannel()
    const slowA: Channel = {
      name: 'a',
      send: async (to, m) => {
        entered()
        await gate
        return a.send(to, m)
      },
    }
    const b = new RecordingChannel()
    const first = drainAccount(sender(slowA, { owner: 'A' }), 'wechaty', 'default')
    await inSend // A holds the account and is sending its first row
    expect(await drainAccount(sender(b, { owner: 'B' }), 'wechaty', 'default')).toMatchObject({ sent: 0 })
    release()
    expect(await first).toMatchObject({ sent: 3 })
    expect(a.sent).toHaveLength(3)
    expect(b.sent).toHaveLength(0)
  })

  it('runs as services: the sender drains what comes due; stop lets the job in hand finish', async () => {
    const recording = new RecordingChannel()
    const sends = createSignal()
    const ch: Channel = {
      name: 'recording',
      async send(to, m) {
        await recording.send(to, m)
        sends.notify()
      },
    }
    const service = createDeliveryService({
      db: t.db,
      clock: systemClock,
      tz,
      logger: silentLogger,
      channels: { wechaty: ch },
      pollMs: 20,
      pacers: createPacerRegistry({ clock: systemClock, tz, overrides: { wechaty: { minIntervalMs: 1, jitterMs: 0 } } }),
    })
    await service.start()
    const now = new Date().toISOString()
    await insertDeliveries(t.db, rows(5, now), now)
    await sends.until(() => recording.sent.length >= 5)
    await service.stop()
    expect(recording.sent).toHaveLength(5)

    let finished = false
    let running!: () => void
    const jobRunning = new Promise<void>((r) => (running = r))
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    const scheduler = createScheduler({
      db: t.db,
      clock: systemClock,
      tz,
      logger: silentLogger,
      tick: '*/1 * * * * *',
      handlers: {
        ...createJobHandlers(),
        // the job cannot end before the stop below has begun; it then still needs a turn of the event loop
        'digest.weekly': async () => {
          running()
          await released
          await new Promise((r) => setImmediate(r))
          finished = true
        },
      },
    })
    // started with nothing due: the job comes in with a tick, not inside start()
    await scheduler.start()
    await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: '2000-01-01T00:00:00.000Z', payload: {} }, now)
    await jobRunning
    const stopped = scheduler.stop()
    release()
    await stopped
    expect(finished).toBe(true)
    expect((await t.db.execute('SELECT state FROM jobs')).rows[0]!.state).toBe('done')
  })

  it('stopped while start() runs what came due, the scheduler does not start its timed loop afterwards', async () => {
    const { default: cron } = await import('node-cron')
    let running!: () => void
    const jobRunning = new Promise<void>((r) => (running = r))
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    const owner = 'stopped-in-start'
    const scheduler = createScheduler({
      db: t.db,
      clock: systemClock,
      tz,
      logger: silentLogger,
      owner,
      tick: '*/1 * * * * *',
      handlers: {
        ...createJobHandlers(),
        'digest.weekly': async () => {
          running()
          await released
        },
      },
    })
    await enqueueJob(t.db, { kind: 'digest.weekly', dueAt: '2000-01-01T00:00:00.000Z', payload: {} }, new Date().toISOString())
    const started = scheduler.start() // the overdue job runs inside start()
    await jobRunning
    const stopped = scheduler.stop()
    release()
    await Promise.all([started, stopped])
    expect([...cron.getTasks().values()].map((task) => task.name)).not.toContain(`xuefa-scheduler-${owner}`)
  })
})
