import type { InStatement } from '@libsql/client'

export interface AuditEntry {
  actor: string
  action: string
  entity?: string
  entityId?: string
  detail?: unknown
  ip?: string | null
  requestId?: string | null
}

/** An audit row, written in the same transaction as the change it records. */
export function auditStatement(e: AuditEntry, now: string): InStatement {
  return {
    sql: `INSERT INTO audit_log (at, actor, action, entity, entity_id, detail_json, ip, request_id)
          VALUES (:at, :actor, :action, :entity, :entityId, :detail, :ip, :requestId)`,
    args: {
      at: now,
      actor: e.actor,
      action: e.action,
      entity: e.entity ?? null,
      entityId: e.entityId ?? null,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      ip: e.ip ?? null,
      requestId: e.requestId ?? null,
    },
  }
}

/** Who did it and from where: passed from adapters (HTTP, CLI, chat) down to services. */
export interface Actor {
  actor: string
  ip?: string | null
  requestId?: string | null
}
