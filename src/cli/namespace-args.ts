import { configSchema } from '../config.js'
import { NAMESPACE_WORDS } from './copy.zh.js'
import { CliExit } from './exit.js'

/** A namespace name as XUEFA_DB_NAMESPACE takes it (a host name label); refused with exit code 1 otherwise. */
export function checkNamespaceName(name: string): void {
  if (!configSchema.shape.XUEFA_DB_NAMESPACE.safeParse(name).success) throw new CliExit(1, NAMESPACE_WORDS.badName(name))
}

/** The configuration names a libSQL server (not a file), where namespaces are. */
export function requireServer(url: string): void {
  if (url.startsWith('file:')) throw new CliExit(2, NAMESPACE_WORDS.needsServer)
}
