import { createHash, randomBytes } from 'node:crypto'
import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

export type TokenRole = 'admin' | 'organizer' | 'reporter'

export interface ApiToken {
  id: number
  role: TokenRole
  unitCode: string | null
  label: string | null
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
}

/** Tokens are stored as their SHA-256: 32 random bytes need no slow hash, and a leaked table reveals no token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function generateToken(): string {
  return `xf_${randomBytes(32).toString('base64url')}`
}

function toToken(r: Row): ApiToken {
  return {
    id: Number(r.id),
    role: String(r.role) as TokenRole,
    unitCode: r.unit_code == null ? null : String(r.unit_code),
    label: r.label == null ? null : String(r.label),
    createdAt: String(r.created_at),
    expiresAt: r.expires_at == null ? null : String(r.expires_at),
    revokedAt: r.revoked_at == null ? null : String(r.revoked_at),
  }
}

export async function insertToken(
  ex: Executor,
  t: { tokenHash: string; role: TokenRole; unitCode: string | null; label: string | null; expiresAt: string | null },
  now: string,
): Promise<number> {
  const rs = await ex.execute({
    sql: `INSERT INTO api_tokens (token_hash, role, unit_code, label, created_at, expires_at)
          VALUES (:tokenHash, :role, :unitCode, :label, :now, :expiresAt) RETURNING id`,
    args: { tokenHash: t.tokenHash, role: t.role, unitCode: t.unitCode, label: t.label, now, expiresAt: t.expiresAt },
  })
  return Number(rs.rows[0]?.id)
}

/** The live token with this hash: not revoked, not expired at `now`. */
export async function findLiveToken(ex: Executor, tokenHash: string, now: string): Promise<ApiToken | null> {
  const rs = await ex.execute({
    sql: `SELECT id, role, unit_code, label, created_at, expires_at, revoked_at FROM api_tokens
          WHERE token_hash = :tokenHash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)`,
    args: { tokenHash, now },
  })
  return rs.rows[0] ? toToken(rs.rows[0]) : null
}

export async function listTokens(ex: Executor): Promise<ApiToken[]> {
  const rs = await ex.execute('SELECT id, role, unit_code, label, created_at, expires_at, revoked_at FROM api_tokens ORDER BY id')
  return rs.rows.map(toToken)
}

export async function revokeToken(ex: Executor, id: number, now: string): Promise<boolean> {
  const rs = await ex.execute({ sql: 'UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL', args: { id, now } })
  return rs.rowsAffected > 0
}

export async function findToken(ex: Executor, id: number): Promise<ApiToken | null> {
  const rs = await ex.execute({
    sql: 'SELECT id, role, unit_code, label, created_at, expires_at, revoked_at FROM api_tokens WHERE id = :id',
    args: { id },
  })
  return rs.rows[0] ? toToken(rs.rows[0]) : null
}
