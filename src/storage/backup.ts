import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Db } from './db.js'
import { AppError } from '../errors.js'

/**
 * A consistent copy of a local database while it is in use: VACUUM INTO reads one snapshot
 * (WAL readers do not block writers) and writes a compact, self-contained file.
 */
export async function backupDatabase(db: Db, target: string): Promise<string> {
  if (!db.isLocal)
    throw new AppError('INVALID_INPUT', 'backup works on an embedded (file:) database; back up a libSQL server with its own tools')
  const path = resolve(target)
  if (existsSync(path)) throw new AppError('CONFLICT', `${path} already exists; choose a new file name`)
  if (!existsSync(dirname(path))) throw new AppError('INVALID_INPUT', `folder ${dirname(path)} does not exist`)
  await db.execute({ sql: 'VACUUM INTO ?', args: [path] })
  return path
}
