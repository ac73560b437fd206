import { ConfigError, loadConfig, type Config } from '../config.js'
import { openXuefaContext, type XuefaContext } from '../context.js'
import { CliExit } from './exit.js'
import { CLI_ERRORS, NAMESPACE_WORDS, printableDbUrl } from './copy.zh.js'
import { isAppError } from '../errors.js'
import type { CliIo } from './io.js'

/** A bad configuration is exit code 2, with zod's list of what is wrong. */
async function configured<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(2, CLI_ERRORS.config(e.problems))
    throw e
  }
}

export function readConfig(env: CliIo['env']): Promise<Config> {
  return configured(() => loadConfig(env))
}

/**
 * Opens the configured database (migrated; with `starterBank`, the starter bank loaded too), runs `fn`, closes it.
 * The app's own logs go to the command's stderr.
 */
export async function withContext<T>(io: CliIo, fn: (ctx: XuefaContext) => Promise<T>, o: { starterBank?: boolean } = {}): Promise<T> {
  const config = await readConfig(io.env)
  const ctx = await openingDb(config, () => openXuefaContext(io.env, { starterBank: o.starterBank, logTo: io.stderr }))
  try {
    return await fn(ctx)
  } finally {
    ctx.close()
  }
}

/**
 * Opens the database (or starts what opens it): a failure that is neither a refusal nor a command's own exit is the
 * database out of reach (a remote server down, a missing token, a folder that is not there), said in one line with
 * exit code 2 (bad configuration) instead of a stack.
 */
export async function openingDb<T>(config: Config, fn: () => Promise<T>, o: { onlyDbErrors?: boolean } = {}): Promise<T> {
  try {
    return await configured(fn)
  } catch (e) {
    if (e instanceof CliExit || isAppError(e) || (o.onlyDbErrors && !looksLikeDb(e))) throw e
    const hasToken = config.XUEFA_DB_AUTH_TOKEN !== undefined
    const status = looksLikeDb(e) ? httpStatusOf(e) : undefined
    // an embedded replica's local file opens; what refuses or is out of reach is its primary, at XUEFA_DB_SYNC_URL
    const primary = config.XUEFA_DB_SYNC_URL !== undefined && !isFileError(e) ? config.XUEFA_DB_SYNC_URL : undefined
    if (status === 401 || status === 403)
      throw new CliExit(2, CLI_ERRORS.dbRefused(config.XUEFA_DB_SYNC_URL ?? config.XUEFA_DB_URL, hasToken, status))
    // a server with namespaces answers 404 for a namespace it does not have
    if (status === 404 && config.XUEFA_DB_NAMESPACE)
      throw new CliExit(2, NAMESPACE_WORDS.noNamespace(printableDbUrl(config.XUEFA_DB_URL), config.XUEFA_DB_NAMESPACE))
    if (primary) throw new CliExit(2, CLI_ERRORS.dbUnreachable(primary, hasToken, e, 'XUEFA_DB_SYNC_URL'))
    throw new CliExit(2, CLI_ERRORS.dbUnreachable(config.XUEFA_DB_URL, hasToken, e))
  }
}

/** The HTTP status a remote libSQL server answered with, from the error or its causes (the client's HttpServerError). */
function httpStatusOf(e: unknown): number | undefined {
  let cur: unknown = e
  for (let i = 0; i < 4 && cur instanceof Error; i++, cur = cur.cause) {
    const status = (cur as { status?: unknown }).status
    if (typeof status === 'number') return status
    const m = /HTTP status (\d{3})/.exec(cur.message)
    if (m) return Number(m[1])
  }
  return undefined
}

/** The local engine's own errors (SQLITE_CANTOPEN …), as against the network's and a server's. */
function isFileError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_')
}

/** The libSQL client's errors, and the network's on the way to a remote database. */
function looksLikeDb(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? ''
  return (
    (e instanceof Error && e.name === 'LibsqlError') ||
    (e instanceof TypeError && e.message === 'fetch failed') ||
    ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', 'ETIMEDOUT'].includes(code)
  )
}
