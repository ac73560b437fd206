import type { Clock } from '../../clock.js'
import type { ImportKind } from '../../imports/import.types.js'
import { type Actor, auditStatement } from '../../storage/audit.repo.js'
import type { Db } from '../../storage/db.js'

/**
 * The row of the request beside runImport's own (`import.<kind>`): both carry the token, the client address and the
 * request id, when runImport is given the request's Actor (`{ ...actorOf(c) }` in its options, as the API and the
 * dashboard do).
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
