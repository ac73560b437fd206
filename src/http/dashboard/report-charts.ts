import { renderInWorker } from '../../reports/render-pool.js'
import type { AnnualReport } from '../../reports/report.types.js'

const MAX_ENTRIES = 16
const cache = new Map<string, string[]>()

/**
 * The report's two charts, from the report's own chart code. An SVG depends only on the figures it draws,
 * so the figures are the cache key: unchanged figures skip the ECharts render, changed ones never hit.
 */
export async function reportCharts(r: AnnualReport): Promise<string[]> {
  const key = JSON.stringify([r.monthly, r.sessions.byKind])
  const hit = cache.get(key)
  if (hit) return hit
  // ECharts runs in the render worker, off the main thread
  const charts = await renderInWorker({ kind: 'charts', report: r })
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string)
  cache.set(key, charts)
  return charts
}
