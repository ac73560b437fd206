import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSupervisor, type Health } from '../../bots/wechaty/supervisor.js'
import { silentLogger } from '../../src/log.js'

afterEach(() => vi.useRealTimers())

function setup(initialHealth: Health) {
  vi.useFakeTimers()
  let now = 0
  let health = initialHealth
  const restarts: number[] = []
  const silences: number[] = []
  const s = createSupervisor({
    heartbeatTimeoutMs: 60_000,
    checkEveryMs: 10_000,
    backoff: { initialMs: 1_000, maxMs: 4_000 },
    now: () => now,
    health: () => health,
    logger: silentLogger,
    restart: async () => void restarts.push(now),
    onSilent: (ms) => void silences.push(ms),
  })
  s.start()
  const advance = async (ms: number) => {
    now += ms
    await vi.advanceTimersByTimeAsync(ms)
  }
  return { s, restarts, silences, advance, setHealth: (h: Health) => (health = h) }
}

describe('bot supervisor', () => {
  it('alerts once and restarts when no event arrives for too long', async () => {
    const { s, restarts, silences, advance } = setup('up')
    await advance(50_000)
    expect(silences).toEqual([])
    await advance(20_000) // the check at 70 s sees 70 s of silence
    expect(silences).toEqual([70_000])
    await advance(1_000)
    expect(restarts).toHaveLength(1)
    s.stop()
  })

  it('retries a dead connection with exponential backoff up to the cap, and starts over after a login', async () => {
    const { s, restarts, advance, setHealth } = setup('down')
    s.reconnectSoon('logout')
    for (let i = 0; i < 16; i++) await advance(1_000)
    // restarts after 1 s, then 2 s, then 4 s, then 4 s (capped)
    expect(restarts).toEqual([1_000, 3_000, 7_000, 11_000, 15_000])
    setHealth('up')
    s.reset()
    expect(s.attempts).toBe(0)
    expect(s.reconnectPending).toBe(false)
    s.stop()
  })

  it('does not restart when the connection came back meanwhile', async () => {
    const { s, restarts, advance, setHealth } = setup('down')
    s.reconnectSoon('logout')
    await advance(500)
    setHealth('up')
    s.touch()
    await advance(1_000)
    expect(restarts).toEqual([])
    s.stop()
  })
})
