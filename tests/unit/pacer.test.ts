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
})
