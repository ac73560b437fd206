import { createNamespace, NamespaceError } from '../storage/namespaces.js'
import { NAMESPACE_WORDS, printableDbUrl } from './copy.zh.js'
import { checkNamespaceName, requireServer } from './namespace-args.js'
import { readConfig } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface NamespaceCreateOptions {
  county?: boolean
}

/**
 * Creates the namespace through the admin API (one that exists already is kept), then migrates it and loads the
 * starter bank exactly as `xuefa migrate` does on it; with --county, lists it in this database's roll-up.
 */
export async function runNamespaceCreate(io: CliIo, name: string, opts: NamespaceCreateOptions): Promise<void> {
  checkNamespaceName(name)
  const config = await readConfig(io.env)
  requireServer(config.XUEFA_DB_URL)
  const adminUrl = config.XUEFA_DB_ADMIN_URL
  if (!adminUrl) throw new CliExit(2, NAMESPACE_WORDS.needsAdminUrl)
  let state: 'created' | 'exists'
  try {
    state = await createNamespace(adminUrl, name, { adminToken: config.XUEFA_DB_ADMIN_TOKEN })
  } catch (e) {
    if (!(e instanceof NamespaceError)) throw e
    if (e.status === 401)
      throw new CliExit(2, NAMESPACE_WORDS.adminRefused(printableDbUrl(adminUrl), config.XUEFA_DB_ADMIN_TOKEN !== undefined))
    throw new CliExit(2, NAMESPACE_WORDS.adminFailed(printableDbUrl(adminUrl), name, e.message))
  }
  io.stdout.write(`${state === 'created' ? NAMESPACE_WORDS.created(name) : NAMESPACE_WORDS.exists(name)}\n`)
  const { runMigrate } = await import('./migrate.action.js')
  await runMigrate({ ...io, env: { ...io.env, XUEFA_DB_NAMESPACE: name } })
  if (opts.county) await (await import('./county.action.js')).runCountyAdd(io, name)
}
