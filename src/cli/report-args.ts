import { CliExit } from './exit.js'

/** `--year`: a four-digit calendar year. */
export function parseYear(value: string | undefined): number {
  if (value === undefined) throw new CliExit(1, '--year is required, e.g. --year 2024')
  if (!/^\d{4}$/.test(value.trim())) throw new CliExit(1, `--year must be a four-digit year, got "${value}"`)
  const year = Number(value)
  if (year < 2000 || year > 2100) throw new CliExit(1, `--year must be between 2000 and 2100, got ${year}`)
  return year
}
