import type { Clock } from '../../clock.js'
import type { ImportKind } from '../../imports/import.types.js'
import { type Actor, auditStatement } from '../../storage/audit.repo.js'
import type { Db } from '../../storage/db.js'

/**
 * runImport's own audit row names the token only; this one, written after an import over HTTP (the API or the
 * dashboard), carries the client address and the request id as well.
 */
export async function auditImportRequest(
  db: Db,
  clock: Clock,
  by: Actor,
  done: { kind: ImportKind; filename: string; rows: number },
): Promise<void> {
  const detail = { kind: done.kind, rows: done.rows }
  await db.batch([
    auditStatement({ ...by, action: 'import.request', entity: 'import', entityId: done.filename, detail }, clock.now().toISOString()),
  ])
}
