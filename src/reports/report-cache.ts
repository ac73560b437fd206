import type { Db } from '../storage/db.js'
import { createVersionedCache, type VersionedCache } from '../storage/versioned-cache.js'
import { buildAnnualReport, type AnnualReportOptions } from './report.service.js'
import type { AnnualReport } from './report.types.js'

const MAX_REPORTS = 16
const caches = new WeakMap<Db, VersionedCache<AnnualReport>>()

/**
 * The annual report, built once per state of the ledger: the dashboard's preview, its downloads and the
 * API share it until anything is committed (data-version.ts), after which the next request builds it again
 * from the rows. The report is a function of the database and the options alone (no clock), so a report
 * kept at the current data version is the one that would be built now. Callers must not modify it.
 */
export async function annualReport(db: Db, options: AnnualReportOptions): Promise<AnnualReport> {
  const before = db.dataVersion()
  if (before === null || options.targets !== undefined) return buildAnnualReport(db, options)
  let cache = caches.get(db)
  if (!cache) {
    cache = createVersionedCache<AnnualReport>({ maxEntries: MAX_REPORTS })
    caches.set(db, cache)
  }
  const key = JSON.stringify([options.year, options.unitCode ?? null, options.tz, options.rounded === true])
  const kept = cache.get(key, before)
  if (kept) return kept
  const report = await buildAnnualReport(db, options)
  // kept only if nothing was committed while it was being built
  if (db.dataVersion() === before) cache.set(key, before, report)
  return report
}
