import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// under node_modules, so that the libraries the script imports resolve from it as from the sources
const CACHE = join(ROOT, 'node_modules', '.cache', 'xuefa-tests')

export interface CompiledScript {
  /** the JavaScript file to run with `node` */
  file: string
  remove(): void
}

/**
 * Bundles a script that imports xuefa's TypeScript into one JavaScript module, for a child process: it starts in
 * about 0.1 s, where `node --import tsx` compiles every module again at each start (about a second, and much more
 * on a busy machine). Compiled from the sources at hand, so never stale. `source` is TypeScript whose relative
 * imports are from the package root (`./src/storage/db.js`); or `entry` names a file of the repository.
 */
export async function compileScript(o: { name: string } & ({ entry: string } | { source: string })): Promise<CompiledScript> {
  mkdirSync(CACHE, { recursive: true })
  const dir = mkdtempSync(join(CACHE, `${o.name}-`))
  const file = join(dir, `${o.name}.mjs`)
  await build({
    ...('entry' in o
      ? { entryPoints: [join(ROOT, o.entry)] }
      : { stdin: { contents: o.source, resolveDir: ROOT, sourcefile: `${o.name}.ts`, loader: 'ts' as const } }),
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
