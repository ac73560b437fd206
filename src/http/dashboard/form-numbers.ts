/** The exam forms' numbers as typed: a whole number within its limits, and a pass score (0 to 100, a decimal allowed). */

/** `s` as a whole number within [lo, hi], or null. */
export const wholeWithin = (s: string, [lo, hi]: readonly [number, number]): number | null =>
  /^\d+$/.test(s) && +s >= lo && +s <= hi ? +s : null

/** `s` as a pass score, 0 to 100, or null. */
export const passScoreOf = (s: string): number | null => (s !== '' && Number(s) >= 0 && Number(s) <= 100 ? Number(s) : null)
