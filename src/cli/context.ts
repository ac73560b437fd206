import { ConfigError, loadConfig, type Config } from '../config.js'
import { openXuefaContext, type XuefaContext } from '../context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

/** A bad configuration is exit code 2, with zod's list of what is wrong. */
async function configured<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(2, e.message)
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
  const ctx = await configured(() => openXuefaContext(io.env, { starterBank: o.starterBank, logTo: io.stderr }))
  try {
    return await fn(ctx)
  } finally {
    ctx.close()
  }
}
