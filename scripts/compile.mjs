#!/usr/bin/env node
/**
 * `npm run compile`: xuefa's TypeScript to JavaScript in dist/, bundled by esbuild (under a second; the types are
 * checked by `npm run typecheck`). Bundled because a start loading ~180 modules of ours and ~230 of the libraries'
 * one by one spends most of its time in the module loader: `xuefa serve` to its first /healthz took ~0.45 s from
 * tsc's one-file-per-module output and ~0.3 s bundled, on the 2-core machine of README's figures.
 *
 * - dist/src/cli/main.js (bin/xuefa.js runs it), dist/src/main.js (the package's main export) and
 *   dist/src/reports/render.worker.js (the render worker thread, src/reports/render-pool.ts); what only some
 *   commands need (each command's action, Wechaty's adapter) stays in chunks of its own, loaded when used.
 *   dist/src/imports/read-worker.js is the worker thread an import file is read in (src/imports/off-thread.ts).
 * - The libraries are bundled too (@libsql/client alone, ~50 modules, cost ~40 ms a start unbundled), except those
 *   that must run from node_modules: native code (libsql: the bundled client loads it from node_modules, the very
 *   module whose Database class src/storage/statement-cache.ts patches, as long as npm keeps one copy of it), pino
 *   (its transports are files found beside it), and Wechaty with its mock puppet (loaded only with the bot).
 *   ExcelJS, ECharts and resvg are loaded through createRequire at run time (src/lazy.ts): esbuild never sees them.
 * - zod's 60-odd message locales are left out (xuefa shows zod's messages in English and never picks a locale):
 *   `zod` re-exports them all as `z.locales` (and as `core.locales`), which keeps them in the bundle — about 580 KB of the ~750 KB of zod
 *   every start parses. The plugin below hands those re-exports an empty module; `en`, which zod configures
 *   itself, is imported by zod directly and stays. Should zod move the file, nothing matches and all of it stays.
 * - dist/ is not emptied: a running `xuefa serve` loads a chunk when it first needs one (the Word writer, Wechaty, a
 *   command's action), so compiling under it (npm install, npm test) must leave its chunks in place. esbuild overwrites
 *   the entries; a chunk neither this compile nor the one before wrote (listed in dist/.outputs) is removed.
 * - `--if-stale` compiles only when a source changed since the last compile: vitest's global setup runs it, so that
 *   the child processes of a test never run yesterday's code, and so do `npm start` and `npm run demo` (prestart,
 *   predemo), so that a `git pull` never runs old code against new migrations.
 * - `--outdir=DIR` compiles into DIR instead of dist/ (a test of this script does).
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const OUTDIR = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length)
const DIST = OUTDIR ? resolve(OUTDIR) : join(ROOT, 'dist')
const STAMP = join(DIST, '.compiled')
/** the files the last compile wrote, one a line, relative to DIST */
const OUTPUTS = join(DIST, '.outputs')
const SOURCES = ['src', 'bots', 'tsconfig.json', 'package.json', 'scripts/compile.mjs']
const EXTERNAL = ['libsql', 'pino', 'wechaty', 'wechaty-puppet-mock']

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

/** zod's `export * as locales from "../locales/index.js"`, answered with an empty module (see the header). */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'without-zod-locales' }
        : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'without-zod-locales' }, () => ({ contents: 'export {}', loader: 'js' }))
  },
}

async function compile() {
  // a source saved while this runs must count as newer than this compile
  const started = new Date()
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli/main.ts', 'src/main.ts', 'src/reports/render.worker.ts', 'src/imports/read-worker.ts'],
    outdir: DIST,
    outbase: '.',
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [withoutZodLocales],
    // bundled CommonJS libraries call require(); ESM has none of its own
    banner: {
      js: "import { createRequire as __xuefaCreateRequire } from 'node:module'; const require = __xuefaCreateRequire(import.meta.url);",
    },
    // `node --enable-source-maps bin/xuefa.js …` shows TypeScript lines in stack traces
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  })
  removeOldChunks(Object.keys(result.metafile.outputs).map((o) => relative(DIST, join(ROOT, o))))
  writeFileSync(STAMP, `${started.toISOString()}\n`)
  utimesSync(STAMP, started, started)
}

/** Removes the chunks that neither this compile nor the one before wrote; the first compile removes nothing. */
function removeOldChunks(written) {
  if (existsSync(OUTPUTS)) {
    const keep = new Set([...written, ...readFileSync(OUTPUTS, 'utf8').split('\n')])
    const chunks = join(DIST, 'chunks')
    for (const f of readdirSync(chunks)) if (!keep.has(join('chunks', f))) rmSync(join(chunks, f))
  }
  writeFileSync(OUTPUTS, `${written.join('\n')}\n`)
}

if (!process.argv.includes('--if-stale') || isStale()) await compile()
