import { CliExit } from './exit.js'

/** `--year`: a four-digit calendar year. */
export function parseYear(value: string | undefined): number {
  if (value === undefined) throw new CliExit(1, '请用 --year 指定年度，例如 --year 2024')
  if (!/^\d{4}$/.test(value.trim())) throw new CliExit(1, `--year 应为四位数的年份，例如 2024（收到的是「${value}」）`)
  const year = Number(value)
  if (year < 2000 || year > 2100) throw new CliExit(1, `--year 应在 2000 到 2100 之间（收到的是 ${year}）`)
  return year
}
