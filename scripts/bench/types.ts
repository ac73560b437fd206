/** One row of `npm run bench` (CONTRACT §1): a figure beside its baseline measured in the same run. */
export interface BenchFigure {
  name: string
  value: number
  unit: string
  baseline: number | null
  ratio: number | null
  /** e.g. '>= 0.9' (ratio), '<= 3' (ratio), '<= 1000 ms' (value) */
  goal: string
  met: boolean | null
}
