import { mulberry32 } from '../../../src/random.js'

/** A small seeded PRNG, so a failing run can be repeated with its seed. */
export function createPrng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(xs: readonly T[]): T } {
  const next = mulberry32(seed)
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  }
}
