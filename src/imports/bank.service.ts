/**
 * The starter bank shipped in db/bank/: questions through the regular `questions` import (all or nothing)
 * and the study materials into `materials`. Loading it again changes nothing; a file whose content hash was
 * loaded before is not even read twice. Retired questions stay retired.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Db } from '../storage/db.js'
import { getSetting, setSettingStatement } from '../storage/settings.repo.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { normalizeLawTitle } from '../laws.js'
import { runImport } from './import.service.js'
import { formatProblem } from './import.types.js'
import { upsertBankMaterialStatement } from '../quizzes/materials.repo.js'
import { packagePath } from '../package-root.js'

export const DEFAULT_BANK_DIR = packagePath('db', 'bank')
const HASH_KEY = 'starter_bank.sha256'

export interface BankOptions {
  tz: string
  clock: Clock
  /** XUEFA_BANK: 'off' skips loading */
  bank?: 'on' | 'off'
  dir?: string
}

export type BankLoad =
  | { status: 'skipped' | 'unchanged' | 'missing' }
  | { status: 'loaded'; questions: { inserted: number; updated: number; unchanged: number }; materials: number }

export async function loadStarterBank(db: Db, opts: BankOptions): Promise<BankLoad> {
  if (opts.bank === 'off') return { status: 'skipped' }
  const dir = opts.dir ?? DEFAULT_BANK_DIR
  const csv = await readFile(join(dir, 'questions.csv')).catch(() => null)
  if (!csv) return { status: 'missing' }
  const materialFiles = (await readdir(join(dir, 'materials')).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort()
  const materials = await Promise.all(
    materialFiles.map(async (f) => ({ file: f, text: await readFile(join(dir, 'materials', f), 'utf8') })),
  )
  const hash = createHash('sha256').update(csv)
  for (const m of materials) hash.update(`\u0000${m.file}\u0000${m.text}`)
  const digest = hash.digest('hex')
  if ((await getSetting(db, HASH_KEY)) === digest) return { status: 'unchanged' }

  const result = await runImport(
    db,
    'questions',
    { bytes: csv, filename: 'questions.csv' },
    { tz: opts.tz, clock: opts.clock, actor: 'system:bank' },
  )
  if (!result.ok) {
    throw new AppError('INVALID_INPUT', `the starter bank does not import:\n${result.problems.map(formatProblem).join('\n')}`, {
      issues: result.problems,
    })
  }
  const now = opts.clock.now().toISOString()
  await db.batch([
    ...materials.map((m) =>
      upsertBankMaterialStatement({ slug: m.file.replace(/\.md$/, ''), ...parseMaterial(m.text), bodyMd: m.text }, now),
    ),
    setSettingStatement(HASH_KEY, digest),
  ])
  return {
    status: 'loaded',
    questions: { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged },
    materials: materials.length,
  }
}

/** `# 《中华人民共和国民法典》学习材料` → the law (without 《》) and the heading as the title. */
export function parseMaterial(markdown: string): { title: string; lawTitle: string | null } {
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? ''
  const law = /《([^》]+)》/.exec(heading)?.[1]
  return { title: heading || '学习材料', lawTitle: law ? normalizeLawTitle(law) : null }
}
