/** One value of a CSV row; null is an empty cell. */
export type CsvValue = string | number | null

/**
 * A CSV cell, quoted when it holds a comma, a quote or a line break. Text that Excel or WPS would read as a formula
 * (=, +, -, @, or a leading tab/CR) gets a leading `'`, so a name typed as `=HYPERLINK(…)` or imported from a file
 * stays text when the file is opened (OWASP "CSV injection"); numbers are written as they are.
 */
export function csvCell(v: CsvValue): string {
  const s = v === null ? '' : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A CSV row of cells, without its line ending. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',')
}
