/** The middle value (the mean of the two middle ones for an even count): robust to a stray slow run. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Runs `fn` once to warm up, then `runs` times; the median time in ms. */
export async function timeIt(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  return median(times)
}
