import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { Db, Executor } from '../storage/db.js'
import type { Clock } from '../clock.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import { findOfficial, type Official } from './officials.repo.js'
import {
  codeHashExists,
  countBindingsPerAccount,
  deleteUnusedCodesStatement,
  findBindCode,
  findBindingByContact,
  findBindingByOfficial,
  insertBindCodeStatement,
  insertBindFailureStatement,
  insertBindingStatement,
  listBindFailures,
  listOutstandingCodeAccounts,
  listUnboundOfficials,
  markBindCodeUsedStatement,
} from './binding.repo.js'

export const BIND_LIMITS = { maxFailures: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 } as const
export const DEFAULT_BIND_CODE_DAYS = 14

export function hashBindCode(code: string): string {
  return createHash('sha256').update(code.trim()).digest('hex')
}

export function generateBindCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

/** A stable key written into the contact's remark; carries nothing personal. */
export function newAliasKey(): string {
  return `xf${randomBytes(5).toString('hex')}`
}

/**
 * The end of the lock, or null. `maxFailures` failures within `windowMs` lock the account for `lockMs`
 * from the failure that reached the limit.
 */
export function bindLockedUntil(failures: readonly string[], now: Date, limits = BIND_LIMITS): Date | null {
  const times = failures.map((f) => new Date(f).getTime()).sort((a, b) => a - b)
  let until: number | null = null
  for (let i = 0; i + limits.maxFailures - 1 < times.length; i++) {
    const last = times[i + limits.maxFailures - 1]!
    if (last - times[i]! <= limits.windowMs) until = Math.max(until ?? 0, last + limits.lockMs)
  }
  return until !== null && until > now.getTime() ? new Date(until) : null
}

export interface IssuedCode {
  officialId: string
  name: string
  code: string
  expiresAt: string
  /** the bot account the person is asked to add and write 绑定 to */
  account: string
}

/**
 * Spreads `count` new people over the accounts: each goes to the account with the fewest people so far (ties in
 * the configured order), counting those already bound and `load` (people holding a code).
 */
export function assignAccounts(accounts: readonly string[], load: ReadonlyMap<string, number>, count: number): string[] {
  const n = new Map(accounts.map((a) => [a, load.get(a) ?? 0]))
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    let best = accounts[0]!
    for (const a of accounts) if (n.get(a)! < n.get(best)!) best = a
    n.set(best, n.get(best)! + 1)
    out.push(best)
  }
  return out
}

/**
 * New one-time codes for every official of the unit (and below) who is not bound yet; older unused codes stop
 * working. Each code names the bot account to add, balanced over `accounts` (XUEFA_BOT_ACCOUNTS; default one).
 */
export async function issueBindCodes(
  deps: { db: Db; clock: Clock },
  opts: { unitCode?: string; validDays?: number; accounts?: readonly string[] },
  by: Actor,
): Promise<IssuedCode[]> {
  const now = deps.clock.now()
  const expiresAt = new Date(now.getTime() + (opts.validDays ?? DEFAULT_BIND_CODE_DAYS) * 86_400_000).toISOString()
  const officials = await listUnboundOfficials(deps.db, opts.unitCode)
  const accounts = opts.accounts?.length ? opts.accounts : ['default']
  const load = await countBindingsPerAccount(deps.db)
  const reissued = new Set(officials.map((o) => o.id))
  for (const c of await listOutstandingCodeAccounts(deps.db, now.toISOString()))
    if (!reissued.has(c.officialId)) load.set(c.account, (load.get(c.account) ?? 0) + 1)
  const assigned = assignAccounts(accounts, load, officials.length)
  const seen = new Set<string>()
  const issued: IssuedCode[] = []
  for (const [i, o] of officials.entries()) {
    let code = generateBindCode()
    while (seen.has(code) || (await codeHashExists(deps.db, hashBindCode(code)))) code = generateBindCode()
    seen.add(code)
    issued.push({ officialId: o.id, name: o.name, code, expiresAt, account: assigned[i]! })
  }
  const iso = now.toISOString()
  await deps.db.batch([
    ...issued.flatMap((c) => [
      deleteUnusedCodesStatement(c.officialId),
      insertBindCodeStatement({ codeHash: hashBindCode(c.code), officialId: c.officialId, expiresAt, account: c.account }, iso),
    ]),
    auditStatement({ ...by, action: 'bind_codes.issue', entity: 'unit', entityId: opts.unitCode, detail: { count: issued.length } }, iso),
  ])
  return issued
}

export type RedeemResult =
  | { kind: 'bound'; official: Official; aliasKey: string }
  | { kind: 'already'; official: Official }
  | { kind: 'locked'; until: Date }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'expired' }
  | { kind: 'used' }
  | { kind: 'taken' }

/**
 * Redeems a code inside the caller's write transaction (which also records the chat message). The person is bound
 * to `account`, the bot account they wrote to (default 'default'), even when the code named another: WeChat lets
 * an account reach those who added it, and this person added the one they wrote to.
 */
export async function redeemBindCode(
  tx: Executor,
  input: { channel: string; contactId: string; code: string; now: Date; account?: string },
): Promise<RedeemResult> {
  const { channel, contactId, now } = input
  const account = input.account ?? 'default'
  const iso = now.toISOString()
  const existing = await findBindingByContact(tx, channel, contactId)
  if (existing) {
    const official = await findOfficial(tx, existing.officialId)
    if (official) return { kind: 'already', official }
  }
  const since = new Date(now.getTime() - BIND_LIMITS.windowMs - BIND_LIMITS.lockMs).toISOString()
  const failures = await listBindFailures(tx, contactId, since)
  const until = bindLockedUntil(failures, now)
  if (until) return { kind: 'locked', until }

  const codeHash = hashBindCode(input.code)
  const code = await findBindCode(tx, codeHash)
  const fail = async <R extends RedeemResult>(r: R): Promise<R | RedeemResult> => {
    await tx.execute(insertBindFailureStatement(contactId, iso))
    const after = [...failures, iso]
    const lockedUntil = bindLockedUntil(after, now)
    if (lockedUntil && r.kind === 'wrong') return { kind: 'locked', until: lockedUntil }
    return r
  }
  if (!code) {
    const recent = failures.filter((f) => f > new Date(now.getTime() - BIND_LIMITS.windowMs).toISOString()).length
    return fail({ kind: 'wrong', triesLeft: Math.max(0, BIND_LIMITS.maxFailures - recent - 1) })
  }
  if (code.usedAt !== null) return fail({ kind: 'used' })
  if (code.expiresAt <= iso) return fail({ kind: 'expired' })
  const official = await findOfficial(tx, code.officialId)
  if (!official || (await findBindingByOfficial(tx, code.officialId))) return { kind: 'taken' }

  const aliasKey = newAliasKey()
  const used = await tx.execute(markBindCodeUsedStatement(codeHash, iso))
  if (used.rowsAffected === 0) return fail({ kind: 'used' })
  await tx.execute(insertBindingStatement({ officialId: official.id, channel, contactId, aliasKey, boundAt: iso, account }))
  await tx.execute(
    auditStatement(
      { actor: `official:${official.id}`, action: 'chat.bind', entity: 'official', entityId: official.id, detail: { channel, account } },
      iso,
    ),
  )
  return { kind: 'bound', official, aliasKey }
}
