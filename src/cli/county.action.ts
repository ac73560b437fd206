import { addRollupCounty, listRollupCounties, removeRollupCounty } from '../reports/rollup.service.js'
import { resolveReportUnit } from '../reports/report.service.js'
import { NAMESPACE_WORDS } from './copy.zh.js'
import { readConfig, withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'
import { checkNamespaceName, requireServer } from './namespace-args.js'

const BY_CLI = { actor: 'cli' }

/**
 * Lists a county: its namespace is opened first (and migrated, as every command does), so one that is not there is
 * refused. A server without namespaces answers every Host from its one database: the county would be the province
 * itself, which shows as the county's own list naming it just after it was added — then it is taken off and refused.
 */
export async function runCountyAdd(io: CliIo, namespace: string): Promise<void> {
  checkNamespaceName(namespace)
  const config = await readConfig(io.env)
  requireServer(config.XUEFA_DB_URL)
  if (namespace === config.XUEFA_DB_NAMESPACE) throw new CliExit(1, NAMESPACE_WORDS.notItself(namespace))
  const countyIo = { ...io, env: { ...io.env, XUEFA_DB_NAMESPACE: namespace } }
  const unit = await withContext(countyIo, async ({ db }) => (await resolveReportUnit(db)).unit)
  const added = await withContext(io, ({ db, clock }) => addRollupCounty(db, namespace, clock.now(), BY_CLI))
  if (added && (await withContext(countyIo, async ({ db }) => (await listRollupCounties(db)).includes(namespace)))) {
    await withContext(io, ({ db, clock }) => removeRollupCounty(db, namespace, clock.now(), BY_CLI))
    throw new CliExit(2, NAMESPACE_WORDS.sameDatabase(namespace))
  }
  io.stdout.write(`${added ? NAMESPACE_WORDS.countyAdded(namespace, unit.name) : NAMESPACE_WORDS.countyListed(namespace)}\n`)
}

export async function runCountyRemove(io: CliIo, namespace: string): Promise<void> {
  await withContext(io, async ({ db, clock }) => {
    const removed = await removeRollupCounty(db, namespace, clock.now(), BY_CLI)
    if (!removed) throw new CliExit(1, NAMESPACE_WORDS.countyNotListed(namespace))
    io.stdout.write(`${NAMESPACE_WORDS.countyRemoved(namespace)}\n`)
  })
}

export async function runCountyList(io: CliIo): Promise<void> {
  await withContext(io, async ({ db }) => {
    const counties = await listRollupCounties(db)
    io.stdout.write(counties.length ? `${counties.join('\n')}\n` : `${NAMESPACE_WORDS.noCounties}\n`)
  })
}
