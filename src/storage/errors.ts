/** What the engine's errors mean to the rest of the program. */
import type { LibsqlError } from '@libsql/client'
import { AppError } from '../errors.js'

/** The engine's errors, read by their codes: every client of @libsql/client (file, http, ws) throws its own LibsqlError. */
const codesOf = (e: unknown): Partial<Pick<LibsqlError, 'code' | 'extendedCode' | 'rawCode'>> =>
  e instanceof Error ? (e as Partial<LibsqlError>) : {}

/**
 * The database was busy, and what was tried changed nothing: it may run again. A libSQL server (sqld) makes a second
 * writer wait on the server rather than answer busy; once a write transaction has held the lock for 5 s while another
 * connection waits, it gives the lock to that one and rolls the first back, whose next statement (or COMMIT) then fails
 * with TRANSACTION_TIMEOUT — so that transaction may run again too (and a transaction left open by a process killed
 * with -9 blocks the others' writes for those 5 s at most).
 */
export function isBusyError(e: unknown): boolean {
  const { code, rawCode } = codesOf(e)
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'TRANSACTION_TIMEOUT' || rawCode === 5
}

export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const { code, extendedCode } = codesOf(e)
  return /CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(extendedCode ?? code ?? '') || /UNIQUE constraint failed/.test(e.message)
}

/** Re-throws a UNIQUE violation as CONFLICT; anything else as it is. */
export function asConflict(e: unknown, message: string): never {
  if (isUniqueViolation(e)) throw new AppError('CONFLICT', message, { cause: e })
  throw e
}
