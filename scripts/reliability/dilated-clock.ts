import type { Clock } from '../../src/clock.js'

/**
 * Time that runs `factor` times faster than the wall clock, from `base` at the wall-clock instant `realStart`:
 * the whole server (pacers, leases, the outbox's polling) sees consistent time, and a 1–2 s WeChat pacing
 * interval takes a few real milliseconds. The test process computes the same function to sign webhooks.
 */
export interface DilatedTime {
  base: number
  realStart: number
  factor: number
}

export function dilatedNow(t: DilatedTime, wallMs = Date.now()): number {
  return t.base + (wallMs - t.realStart) * t.factor
}

export function dilatedClock(t: DilatedTime): Clock {
  return { now: () => new Date(dilatedNow(t)) }
}

export function dilatedSleep(t: DilatedTime): (ms: number) => Promise<void> {
  return (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms / t.factor))))
}

export function encodeTime(t: DilatedTime): string {
  return `${t.base},${t.realStart},${t.factor}`
}

export function decodeTime(text: string): DilatedTime {
  const [base, realStart, factor] = text.split(',').map(Number)
  if (!base || !realStart || !factor) throw new Error(`bad time "${text}": expected base,realStart,factor`)
  return { base, realStart, factor }
}
