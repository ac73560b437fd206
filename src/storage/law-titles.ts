/**
 * The data side of "one law, one title" (laws.ts): law titles stored before a spelling became an alias — 「行政复议法」
 * beside 「中华人民共和国行政复议法」 — are rewritten to the canonical title. Run with the migrations, every time:
 * when nothing is stale it is three small reads; when the alias table grows, what it now knows is brought to it.
 * (The engine's own folder: it reads every table that stores a law title, as the migrations do.)
 */
import { normalizeLawTitle } from '../laws.js'
import type { Clock } from '../clock.js'
import type { Db } from './db.js'
import { auditStatement } from './audit.repo.js'

/** Rewrites every stored law title that is not canonical; returns the titles rewritten (old → new). */
export async function canonicalizeLawTitles(db: Db, clock: Clock): Promise<Record<string, string>> {
  const rs = await db.execute(
    `SELECT law_title FROM session_laws UNION SELECT law_title FROM questions
      UNION SELECT law_title FROM materials WHERE law_title IS NOT NULL`,
  )
  const renamed: Record<string, string> = {}
  for (const r of rs.rows) {
    const old = String(r.law_title)
    const canonical = normalizeLawTitle(old)
    if (canonical !== old && canonical !== '') renamed[old] = canonical
  }
  if (Object.keys(renamed).length === 0) return renamed
  await db.write(async (tx) => {
    for (const [old, canonical] of Object.entries(renamed)) {
      const args = { old, canonical }
      // a session naming the law both ways keeps it once, at its first position
      await tx.execute({ sql: 'UPDATE OR IGNORE session_laws SET law_title = :canonical WHERE law_title = :old', args })
      // (only the parameters a statement names: a libSQL server refuses any other)
      await tx.execute({ sql: 'DELETE FROM session_laws WHERE law_title = :old', args: { old } })
      await tx.execute({ sql: 'UPDATE questions SET law_title = :canonical WHERE law_title = :old', args })
      await tx.execute({ sql: 'UPDATE materials SET law_title = :canonical WHERE law_title = :old', args })
    }
    await tx.execute(
      auditStatement({ actor: 'system', action: 'laws.canonicalize', entity: 'law', detail: { renamed } }, clock.now().toISOString()),
    )
  })
  return renamed
}
