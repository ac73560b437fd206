import type { Db } from '../storage/db.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import { findUnit } from '../roster/units.repo.js'
import { findToken, generateToken, hashToken, insertToken, listTokens, revokeToken, type ApiToken, type TokenRole } from './tokens.repo.js'

export interface CreatedToken {
  id: number
  token: string
  role: TokenRole
  unitCode: string | null
  expiresAt: string | null
}

/** Creates a token and returns it once; only its hash is kept. Organizer tokens must name a unit. */
export async function createApiToken(
  deps: { db: Db; clock: Clock },
  input: { role: TokenRole; unitCode?: string | null; label?: string | null; expiresInDays?: number | null },
  by: Actor,
): Promise<CreatedToken> {
  const { db, clock } = deps
  const unitCode = input.unitCode ?? null
  if (input.role === 'organizer' && unitCode === null) {
    throw new AppError('INVALID_INPUT', 'an organizer token must be scoped to a unit (--unit CODE)')
  }
  if (unitCode !== null && !(await findUnit(db, unitCode))) {
    throw new AppError('INVALID_INPUT', `unit ${unitCode} does not exist; import the units first`)
  }
  const token = generateToken()
  const now = clock.now()
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null
  const id = await db.write(async (tx) => {
    const id = await insertToken(
      tx,
      { tokenHash: hashToken(token), role: input.role, unitCode, label: input.label ?? null, expiresAt },
      now.toISOString(),
    )
    await tx.execute(
      auditStatement(
        { ...by, action: 'token.create', entity: 'api_token', entityId: String(id), detail: { role: input.role, unitCode } },
        now.toISOString(),
      ),
    )
    return id
  })
  return { id, token, role: input.role, unitCode, expiresAt }
}

/** Every token, live or not, without hashes: for the admin's list. */
export async function listApiTokens(deps: { db: Db }): Promise<ApiToken[]> {
  return listTokens(deps.db)
}

/** Revokes a token for good. NOT_FOUND for an unknown id; revoking twice changes nothing and returns the token. */
export async function revokeApiToken(deps: { db: Db; clock: Clock }, id: number, by: Actor): Promise<ApiToken> {
  const { db, clock } = deps
  const now = clock.now().toISOString()
  return db.write(async (tx) => {
    const changed = await revokeToken(tx, id, now)
    if (changed) {
      await tx.execute(auditStatement({ ...by, action: 'token.revoke', entity: 'api_token', entityId: String(id) }, now))
    }
    const token = await findToken(tx, id)
    if (!token) throw new AppError('NOT_FOUND', `token ${id} not found`)
    return token
  })
}
