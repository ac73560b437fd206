#!/usr/bin/env node
/**
 * `npm run compile`: src/, bots/ and scripts/ to JavaScript in dist/ (tsc -p tsconfig.build.json, emit only:
 * `npm run typecheck` checks the types). dist/ is emptied first, so a moved or deleted source leaves no module
 * behind. `--if-stale` compiles only when a source is newer than the last compile: vitest's global setup runs it,
 * so that the child processes of a test never run yesterday's code.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const DIST = join(ROOT, 'dist')
const STAMP = join(DIST, '.compiled')
const SOURCES = ['src', 'bots', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json']

function newestChange(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  // a directory's own time moves when a file in it is added, renamed or deleted
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)))
  return newest
}

function isStale() {
  if (!existsSync(STAMP)) return true
  const compiled = statSync(STAMP).mtimeMs
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestChange(join(ROOT, s)) > compiled)
}

function compile() {
  // a source saved while tsc runs must count as newer than this compile
  const started = new Date()
  rmSync(DIST, { recursive: true, force: true })
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' })
  writeFileSync(STAMP, `${started.toISOString()}\n`)
  utimesSync(STAMP, started, started)
}

if (!process.argv.includes('--if-stale') || isStale()) compile()
