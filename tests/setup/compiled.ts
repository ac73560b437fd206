import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const COMPILE = fileURLToPath(new URL('../../scripts/compile.mjs', import.meta.url))

/**
 * Child processes in the tests run the compiled dist/ (bin/xuefa.js does). `npm test` compiles before vitest starts;
 * this compiles again only when a source changed since, so `npx vitest run FILE` never tests yesterday's code.
 */
export function setup(): void {
  execFileSync(process.execPath, [COMPILE, '--if-stale'], { stdio: 'inherit' })
}
