#!/usr/bin/env node
// Runs the JavaScript that `npm install` compiled into dist/ (the prepare script). After changing the TypeScript,
// `npm run compile` (or `npm test`) compiles it again.
import { existsSync } from 'node:fs'

const main = new URL('../dist/src/cli/main.js', import.meta.url)
if (!existsSync(main)) {
  process.stderr.write('xuefa: dist/ is missing: run `npm run compile` (`npm install` does it)\n')
  process.exit(1)
}
const { runCli } = await import(main.href)
const code = await runCli(process.argv)
if (code !== 0) process.exitCode = code
