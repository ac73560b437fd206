import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest directory at or above `from` that holds a package.json. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${from}`)
  }
}

/**
 * xuefa's own directory. Files shipped beside the code (db/migrations, db/bank, the dashboard's style sheet) are
 * found from here rather than from the module's own place, so that the same path works when this code runs as
 * TypeScript from src/ (vitest, tsx) and compiled from dist/src/.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)))

/** A path inside the package: `packagePath('db', 'migrations')`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments)
}
