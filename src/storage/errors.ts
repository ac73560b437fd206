/** What the engine's errors mean to the rest of the program. */
import type { LibsqlError } from '@libsql/client'
import { AppError } from '../errors.js'

/** The engine's errors, read by their codes: every client of @libsql/client (file, http, ws) throws its own LibsqlError. */
const codesOf = (e: unknown): Partial<Pick<LibsqlError, 'code' | 'extendedCode' | 'rawCode'>> =>
  e instanceof Error ? (e as Partial<LibsqlError>) : {}

export function isBusyError(e: unknown): boolean {
  const { code, rawCode } = codesOf(e)
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || rawCode === 5
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
