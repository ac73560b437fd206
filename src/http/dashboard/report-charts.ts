import { renderKindsChart, renderMonthlyChart } from '../../reports/charts.js'
import type { AnnualReport } from '../../reports/report.types.js'

const MAX_ENTRIES = 16
const cache = new Map<string, string[]>()

/**
 * The report's two charts, from the report's own chart code. An SVG depends only on the figures it draws,
 * so the figures are the cache key: unchanged figures skip the ECharts render, changed ones never hit.
 */
export function reportCharts(r: AnnualReport): string[] {
  const key = JSON.stringify([r.monthly, r.sessions.byKind])
  const hit = cache.get(key)
  if (hit) return hit
  const charts = [renderMonthlyChart(r), renderKindsChart(r)]
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string)
  cache.set(key, charts)
  return charts
}
