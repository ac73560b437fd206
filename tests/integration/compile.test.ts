import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const compile = (out: string) => execFileSync(process.execPath, [join(ROOT, 'scripts/compile.mjs'), `--outdir=${out}`], { stdio: 'pipe' })

describe('npm run compile', () => {
  it('leaves the chunks of the compile before in place (a running server loads them when first needed) and removes older ones', () => {
    const out = mkdtempSync(join(tmpdir(), 'xuefa-compile-'))
    dirs.push(out)
    compile(out)
    // a chunk only the compile before wrote, as after a change of the sources
    const earlier = join(out, 'chunks', 'render-docx-EARLIER.js')
    writeFileSync(earlier, 'export {}\n')
    appendFileSync(join(out, '.outputs'), 'chunks/render-docx-EARLIER.js\n')
    compile(out)
    expect(existsSync(earlier)).toBe(true)
    compile(out)
    expect(existsSync(earlier)).toBe(false)
    const written = readFileSync(join(out, '.outputs'), 'utf8').trim().split('\n')
    expect(written).toContain('src/cli/main.js')
    for (const f of written) expect(existsSync(join(out, f)), f).toBe(true)
  })
})
