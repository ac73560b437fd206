#!/usr/bin/env node
// SQL lives in *.repo.ts files and in src/storage/ (the engine's own modules): this lists SQL text written
// anywhere else in src/ and bots/, and fails. ARCHITECTURE.md says why.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SQL = /\bsql:\s|['"`]\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|PRAGMA\s|WITH\s+\w+\s+AS\s*\()/i

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (/\.(ts|tsx)$/.test(entry.name)) yield path
  }
}

const found = []
for (const top of ['src', 'bots']) {
  for (const path of files(join(ROOT, top))) {
    const rel = relative(ROOT, path)
    if (rel.endsWith('.repo.ts') || rel.startsWith('src/storage/')) continue
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trimStart().startsWith('//') && !line.trimStart().startsWith('*') && SQL.test(line))
          found.push(`${rel}:${i + 1}: ${line.trim()}`)
      })
  }
}
if (found.length > 0) {
  process.stderr.write(`SQL outside *.repo.ts (move it into the capability's repo):\n${found.join('\n')}\n`)
  process.exit(1)
}
