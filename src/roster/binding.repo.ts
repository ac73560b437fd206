import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql } from './units.repo.js'

export interface ChatBinding {
  officialId: string
  channel: string
  contactId: string
  aliasKey: string
  boundAt: string
  /** the bot account the person bound on (wrote 绑定 to): private messages to them go out from it */
  account: string
}

export interface BindCode {
  codeHash: string
  officialId: string
  expiresAt: string
  usedAt: string | null
  /** the bot account the code asks the person to add */
  account: string
}

function toBinding(r: Row): ChatBinding {
  return {
    officialId: String(r.official_id),
    channel: String(r.channel),
    contactId: String(r.contact_id),
    aliasKey: String(r.alias_key),
    boundAt: String(r.bound_at),
    account: String(r.account),
  }
}

const BINDING_COLUMNS = 'official_id, channel, contact_id, alias_key, bound_at, account'

export async function findBindingByContact(ex: Executor, channel: string, contactId: string): Promise<ChatBinding | null> {
  const rs = await ex.execute({
    sql: `SELECT ${BINDING_COLUMNS} FROM chat_bindings WHERE channel = :channel AND contact_id = :contactId`,
    args: { channel, contactId },
  })
  return rs.rows[0] ? toBinding(rs.rows[0]) : null
}

export async function findBindingByAlias(ex: Executor, aliasKey: string): Promise<ChatBinding | null> {
  const rs = await ex.execute({ sql: `SELECT ${BINDING_COLUMNS} FROM chat_bindings WHERE alias_key = :aliasKey`, args: { aliasKey } })
  return rs.rows[0] ? toBinding(rs.rows[0]) : null
}

export async function findBindingByOfficial(ex: Executor, officialId: string): Promise<ChatBinding | null> {
  const rs = await ex.execute({ sql: `SELECT ${BINDING_COLUMNS} FROM chat_bindings WHERE official_id = :officialId`, args: { officialId } })
  return rs.rows[0] ? toBinding(rs.rows[0]) : null
}

export function insertBindingStatement(b: ChatBinding): InStatement {
  return {
    sql: `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at, account)
          VALUES (:officialId, :channel, :contactId, :aliasKey, :boundAt, :account)`,
    args: {
      officialId: b.officialId,
      channel: b.channel,
      contactId: b.contactId,
      aliasKey: b.aliasKey,
      boundAt: b.boundAt,
      account: b.account,
    },
  }
}

/** After a re-login the platform may give the same person a new id: follow it. */
export async function updateBindingContact(ex: Executor, officialId: string, contactId: string): Promise<void> {
  await ex.execute({
    sql: 'UPDATE chat_bindings SET contact_id = :contactId WHERE official_id = :officialId',
    args: { officialId, contactId },
  })
}

export async function findBindCode(ex: Executor, codeHash: string): Promise<BindCode | null> {
  const rs = await ex.execute({
    sql: 'SELECT code_hash, official_id, expires_at, used_at, account FROM bind_codes WHERE code_hash = :codeHash',
    args: { codeHash },
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    codeHash: String(r.code_hash),
    officialId: String(r.official_id),
    expiresAt: String(r.expires_at),
    usedAt: r.used_at == null ? null : String(r.used_at),
    account: String(r.account),
  }
}

export function insertBindCodeStatement(
  c: { codeHash: string; officialId: string; expiresAt: string; account: string },
  now: string,
): InStatement {
  return {
    sql: `INSERT INTO bind_codes (code_hash, official_id, expires_at, used_at, created_at, account)
          VALUES (:codeHash, :officialId, :expiresAt, NULL, :now, :account)`,
    args: { codeHash: c.codeHash, officialId: c.officialId, expiresAt: c.expiresAt, now, account: c.account },
  }
}

/** A newly issued code replaces the person's unused ones. */
export function deleteUnusedCodesStatement(officialId: string): InStatement {
  return { sql: 'DELETE FROM bind_codes WHERE official_id = :officialId AND used_at IS NULL', args: { officialId } }
}

/** Affects no row when the code was used meanwhile. */
export function markBindCodeUsedStatement(codeHash: string, now: string): InStatement {
  return { sql: 'UPDATE bind_codes SET used_at = :now WHERE code_hash = :codeHash AND used_at IS NULL', args: { codeHash, now } }
}

export function insertBindFailureStatement(contactId: string, now: string): InStatement {
  return { sql: 'INSERT INTO bind_failures (contact_id, at) VALUES (:contactId, :now)', args: { contactId, now } }
}

export async function listBindFailures(ex: Executor, contactId: string, since: string): Promise<string[]> {
  const rs = await ex.execute({
    sql: 'SELECT at FROM bind_failures WHERE contact_id = :contactId AND at >= :since ORDER BY at',
    args: { contactId, since },
  })
  return rs.rows.map((r) => String(r.at))
}

export async function codeHashExists(ex: Executor, codeHash: string): Promise<boolean> {
  const rs = await ex.execute({ sql: 'SELECT 1 FROM bind_codes WHERE code_hash = :codeHash', args: { codeHash } })
  return rs.rows.length > 0
}

/** Officials on the roster (not left) without a chat binding, optionally of a unit and below. */
export async function listUnboundOfficials(ex: Executor, unitCode?: string): Promise<{ id: string; name: string }[]> {
  const rs = await ex.execute({
    sql: `SELECT o.id, o.name FROM officials o
          WHERE o.left_at IS NULL AND NOT EXISTS (SELECT 1 FROM chat_bindings b WHERE b.official_id = o.id)
          ${unitCode === undefined ? '' : `AND ${inSubtreeOfUnitSql('o.unit_code', ':unit')}`}
          ORDER BY o.unit_code, o.id`,
    args: unitCode === undefined ? {} : { unit: unitCode },
  })
  return rs.rows.map((r) => ({ id: String(r.id), name: String(r.name) }))
}

/** Has the official a bound chat account (can be reached in private)? */
export async function isBound(ex: Executor, officialId: string): Promise<boolean> {
  return (await findBindingByOfficial(ex, officialId)) !== null
}

/** People bound per bot account (accounts nobody is bound on are absent). */
export async function countBindingsPerAccount(ex: Executor): Promise<Map<string, number>> {
  const rs = await ex.execute({ sql: 'SELECT account, count(*) AS n FROM chat_bindings GROUP BY account', args: {} })
  return new Map(rs.rows.map((r) => [String(r.account), Number(r.n)]))
}

/** Unused, unexpired codes of people not bound yet, with the account each asks them to add: people on their way. */
export async function listOutstandingCodeAccounts(ex: Executor, now: string): Promise<{ officialId: string; account: string }[]> {
  const rs = await ex.execute({
    sql: `SELECT c.official_id, c.account FROM bind_codes c
          WHERE c.used_at IS NULL AND c.expires_at > :now
            AND NOT EXISTS (SELECT 1 FROM chat_bindings b WHERE b.official_id = c.official_id)`,
    args: { now },
  })
  return rs.rows.map((r) => ({ officialId: String(r.official_id), account: String(r.account) }))
}

/**
 * Binds an official to their user id on an application (a roster import): replaces whatever binding they had, so they
 * are reached there from now on.
 */
export function upsertAppBindingStatement(
  b: { officialId: string; channel: string; account: string; contactId: string },
  now: string,
): InStatement {
  return {
    sql: `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at, account)
          VALUES (:officialId, :channel, :contactId, :aliasKey, :now, :account)
          ON CONFLICT (official_id) DO UPDATE SET channel = excluded.channel, contact_id = excluded.contact_id,
            alias_key = excluded.alias_key, bound_at = excluded.bound_at, account = excluded.account`,
    args: {
      officialId: b.officialId,
      channel: b.channel,
      contactId: b.contactId,
      aliasKey: `${b.channel}:${b.account}:${b.contactId}`,
      now,
      account: b.account,
    },
  }
}
