/** What the engine's errors mean to the rest of the program. */
import { LibsqlError } from '@libsql/client'
import { AppError } from '../errors.js'

export function isBusyError(e: unknown): boolean {
  return e instanceof LibsqlError && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED' || e.rawCode === 5)
}

export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const code = (e as LibsqlError).extendedCode ?? (e as LibsqlError).code ?? ''
  return /CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(code) || /UNIQUE constraint failed/.test(e.message)
}

/** Re-throws a UNIQUE violation as CONFLICT; anything else as it is. */
export function asConflict(e: unknown, message: string): never {
  if (isUniqueViolation(e)) throw new AppError('CONFLICT', message, { cause: e })
  throw e
}
