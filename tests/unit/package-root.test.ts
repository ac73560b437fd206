import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PACKAGE_ROOT, findPackageRoot, packagePath } from '../../src/package-root.js'
import { MIGRATIONS_DIR } from '../../src/storage/migrate.js'
import { DEFAULT_BANK_DIR } from '../../src/imports/bank.service.js'
import { ROOT } from '../helpers/cli.js'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

describe('the package root', () => {
  it('is the directory of package.json, from src/ and from the compiled dist/src/ alike', () => {
    const root = mkdtempSync(join(tmpdir(), 'xuefa-root-'))
    dirs.push(root)
    writeFileSync(join(root, 'package.json'), '{}')
    mkdirSync(join(root, 'src', 'storage'), { recursive: true })
    mkdirSync(join(root, 'dist', 'src', 'storage'), { recursive: true })
    expect(findPackageRoot(join(root, 'src'))).toBe(root)
    expect(findPackageRoot(join(root, 'src', 'storage'))).toBe(root)
    expect(findPackageRoot(join(root, 'dist', 'src', 'storage'))).toBe(root)
  })

  it("is xuefa's own directory, and the files shipped with the code are there", () => {
    expect(join(PACKAGE_ROOT, '/')).toBe(ROOT)
    expect(existsSync(join(MIGRATIONS_DIR, '0001_init.sql'))).toBe(true)
    expect(existsSync(join(DEFAULT_BANK_DIR, 'questions.csv'))).toBe(true)
    expect(existsSync(packagePath('src', 'http', 'dashboard', 'views', 'assets', 'ui.css'))).toBe(true)
  })
})
