import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createPacer, PacerCapError } from '../../src/delivery/pacer.js'
import { CHANNEL_LIMITS, createPacerRegistry } from '../../src/delivery/pacing.js'

const virtual = (clock: ManualClock) => async (ms: number) => void clock.advance(ms)

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

describe('pacer', () => {
  it('sends 100 messages to one WeCom robot in 5 minutes, never more than 20 in any minute, with no idle gap', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    const registry = createPacerRegistry({ clock, tz: 'Asia/Shanghai', sleep: virtual(clock) })
    const pacer = registry.pacerFor('wecom', '7')
    const t0 = clock.now().getTime()
    const times: number[] = []
    await Promise.all(Array.from({ length: 100 }, () => pacer.schedule(async () => void times.push(clock.now().getTime() - t0))))
    expect(times).toHaveLength(100)
    expect(maxInWindow(times, 60_000)).toBe(20)
    // evenly at the allowed rate: one every 3 s, the 100th starting at 4:57, the 101st allowed at 5:00
    expect(times[99]).toBe(297_000)
    expect(times[99]! + pacer.delayUntilNext()).toBe(300_000)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(3000)
  })

  it('holds a sliding window without a minimum interval: bursts of 20, then waits for the window', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    const pacer = createPacer({ clock, sleep: virtual(clock), limits: [{ count: 20, perMs: 60_000 }] })
    const times: number[] = []
    const t0 = clock.now().getTime()
    await Promise.all(Array.from({ length: 45 }, () => pacer.schedule(async () => void times.push(clock.now().getTime() - t0))))
    expect(maxInWindow(times, 60_000)).toBe(20)
    expect(times[19]).toBe(0)
    expect(times[20]).toBe(60_000)
    expect(times[44]).toBe(120_000)
  })

  it('keeps Feishu under 5 a second and 100 a minute', async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    const pacer = createPacerRegistry({ clock, tz: 'Asia/Shanghai', sleep: virtual(clock) }).pacerFor('feishu', '1')
    const times: number[] = []
    await Promise.all(Array.from({ length: 250 }, () => pacer.schedule(async () => void times.push(clock.now().getTime()))))
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(5)
    expect(maxInWindow(times, 60_000)).toBe(100)
  })

  it('spaces Wechaty sends at least 1 s apart with jitter, and stops at the daily cap of the local day', async () => {
    const clock = new ManualClock('2024-03-04T15:59:50Z') // 23:59:50 in Shanghai
    let r = 0
    const randoms = [0.1, 0.9, 0.5]
    const pacer = createPacer({
      ...CHANNEL_LIMITS.wechaty,
      dailyCap: 3,
      tz: 'Asia/Shanghai',
      clock,
      sleep: virtual(clock),
      random: () => randoms[r++ % 3]!,
    })
    const times: number[] = []
    for (let i = 0; i < 3; i++) await pacer.schedule(async () => void times.push(clock.now().getTime()))
    expect(times[1]! - times[0]!).toBe(1100)
    expect(times[2]! - times[1]!).toBe(1900)
    await expect(pacer.schedule(async () => 'x')).rejects.toBeInstanceOf(PacerCapError)
    clock.set('2024-03-04T16:00:01Z') // 00:00:01 the next local day
    await expect(pacer.schedule(async () => 'ok')).resolves.toBe('ok')
  })

  it("holdFor pushes the next send back by the platform's wait", async () => {
    const clock = new ManualClock('2024-03-04T01:00:00Z')
    const pacer = createPacer({ clock, sleep: virtual(clock), minIntervalMs: 1000 })
    await pacer.schedule(async () => undefined)
    pacer.holdFor(600_000)
    expect(pacer.delayUntilNext()).toBe(600_000)
    const t0 = clock.now().getTime()
    await pacer.schedule(async () => undefined)
    expect(clock.now().getTime() - t0).toBe(600_000)
  })

  describe('lanes: a reply before the fan-out', () => {
    /** virtual time that passes in a later turn of the event loop, so others may ask meanwhile */
    const later = (clock: ManualClock) => (ms: number) => new Promise<void>((r) => setImmediate(() => r(void clock.advance(ms))))

    it('sends a reply asked for during a fan-out in the next slot, at the same pace, and keeps each lane in order', async () => {
      const clock = new ManualClock('2024-03-04T01:00:00Z')
      const pacer = createPacer({ clock, sleep: later(clock), minIntervalMs: 1000 })
      const order: string[] = []
      const times: number[] = []
      const send = (label: string) => async () => {
        order.push(label)
        times.push(clock.now().getTime())
      }
      const bulk = Array.from({ length: 6 }, (_, i) => pacer.schedule(send(`bulk${i + 1}`), 'bulk'))
      // the first bulk send is under way; two replies come in, one after the other
      await new Promise((r) => setImmediate(r))
      const replies = [pacer.schedule(send('reply1'), 'interactive'), pacer.schedule(send('reply2'), 'interactive')]
      expect(pacer.pending).toBe(7) // five bulk sends and two replies wait
      await Promise.all([...bulk, ...replies])
      expect(order).toEqual(['bulk1', 'reply1', 'reply2', 'bulk2', 'bulk3', 'bulk4', 'bulk5', 'bulk6'])
      // one account's limits hold for both lanes together
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000)
      expect(pacer.pending).toBe(0)
    })

    it('lets one bulk send through after every run of maxInteractiveRun replies, so a stream of replies never stops the fan-out', async () => {
      const clock = new ManualClock('2024-03-04T01:00:00Z')
      const pacer = createPacer({ clock, sleep: later(clock), minIntervalMs: 1000, maxInteractiveRun: 2 })
      const order: string[] = []
      const send = (label: string) => async () => void order.push(label)
      const bulk = Array.from({ length: 3 }, (_, i) => pacer.schedule(send(`bulk${i + 1}`), 'bulk'))
      await new Promise((r) => setImmediate(r))
      const replies = Array.from({ length: 5 }, (_, i) => pacer.schedule(send(`reply${i + 1}`), 'interactive'))
      await Promise.all([...bulk, ...replies])
      expect(order).toEqual(['bulk1', 'reply1', 'reply2', 'bulk2', 'reply3', 'reply4', 'bulk3', 'reply5'])
      // without the limit the replies all go first
      const plain = createPacer({ clock, sleep: later(clock), minIntervalMs: 1000 })
      order.length = 0
      const bulk2 = Array.from({ length: 3 }, (_, i) => plain.schedule(send(`bulk${i + 1}`), 'bulk'))
      await new Promise((r) => setImmediate(r))
      const replies2 = Array.from({ length: 5 }, (_, i) => plain.schedule(send(`reply${i + 1}`), 'interactive'))
      await Promise.all([...bulk2, ...replies2])
      expect(order).toEqual(['bulk1', 'reply1', 'reply2', 'reply3', 'reply4', 'reply5', 'bulk2', 'bulk3'])
      expect(CHANNEL_LIMITS.wechaty.maxInteractiveRun).toBe(4)
    })

    it('runs the lanes in order when only one is used (bulk is the default)', async () => {
      const clock = new ManualClock('2024-03-04T01:00:00Z')
      const pacer = createPacer({ clock, sleep: virtual(clock), minIntervalMs: 500 })
      const order: number[] = []
      await Promise.all(Array.from({ length: 5 }, (_, i) => pacer.schedule(async () => void order.push(i))))
      await Promise.all(Array.from({ length: 5 }, (_, i) => pacer.schedule(async () => void order.push(10 + i), 'interactive')))
      expect(order).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14])
    })

    it('stops bulk sends short of the daily cap and keeps the reserve for replies', async () => {
      const clock = new ManualClock('2024-03-04T01:00:00Z')
      const pacer = createPacer({ clock, sleep: virtual(clock), dailyCap: 20, replyReserveShare: 0.1, tz: 'Asia/Shanghai' })
      const bulk = await Promise.allSettled(Array.from({ length: 20 }, () => pacer.schedule(async () => 'sent', 'bulk')))
      expect(bulk.filter((r) => r.status === 'fulfilled')).toHaveLength(18)
      expect(bulk.filter((r) => r.status === 'rejected' && r.reason instanceof PacerCapError)).toHaveLength(2)
      // the two kept back answer people; past the whole cap replies stop too
      await expect(pacer.schedule(async () => 'reply', 'interactive')).resolves.toBe('reply')
      await expect(pacer.schedule(async () => 'reply', 'interactive')).resolves.toBe('reply')
      await expect(pacer.schedule(async () => 'reply', 'interactive')).rejects.toBeInstanceOf(PacerCapError)
    })

    it("keeps a tenth of a WeChat account's day for replies", async () => {
      const clock = new ManualClock('2024-03-04T01:00:00Z')
      const pacer = createPacerRegistry({ clock, tz: 'Asia/Shanghai', sleep: virtual(clock), random: () => 0 }).pacerFor('wechaty', 'a')
      let sent = 0
      const bulk = await Promise.allSettled(Array.from({ length: 2000 }, () => pacer.schedule(async () => void sent++, 'bulk')))
      expect(sent).toBe(1800)
      expect(bulk.filter((r) => r.status === 'rejected')).toHaveLength(200)
      await expect(pacer.schedule(async () => 'reply', 'interactive')).resolves.toBe('reply')
    })

    it('goes on after a send that throws, and a reply still goes first', async () => {
      const clock = new ManualClock('2024-03-04T01:00:00Z')
      const pacer = createPacer({ clock, sleep: later(clock), minIntervalMs: 1000 })
      const order: string[] = []
      const failing = pacer.schedule(async () => {
        order.push('fails')
        throw new Error('network')
      })
      const failed = expect(failing).rejects.toThrow('network')
      const next = pacer.schedule(async () => void order.push('bulk'))
      await new Promise((r) => setImmediate(r)) // the failing send has started
      const reply = pacer.schedule(async () => void order.push('reply'), 'interactive')
      await failed
      await Promise.all([next, reply])
      expect(order).toEqual(['fails', 'reply', 'bulk'])
    })
  })
})
