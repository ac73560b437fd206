import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * A CommonJS library loaded on first use. ECharts, resvg and ExcelJS add tens of megabytes and
 * hundreds of milliseconds to every start (and every `xuefa --help`), yet most processes never draw
 * a chart or open a workbook.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(id) as T)
}
