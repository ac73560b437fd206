import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import cliProgress from 'cli-progress'
import { runImport } from '../imports/import.service.js'
import { IMPORT_KINDS, isImportKind, type ImportKind, type ImportResult } from '../imports/import.types.js'
import { withContext } from './context.js'
import { LEAVERS, LIMITS } from '../imports/copy.zh.js'
import { CLI } from './copy.zh.js'
import { CliExit } from './exit.js'
import type { CliIo, CliStream } from './io.js'

export interface ImportOptions {
  dryRun?: boolean
  confirmLeavers?: boolean
}

const KIND_NAMES: Record<ImportKind, string> = {
  units: '单位',
  officials: '人员',
  sessions: '学法活动',
  attendance: '出勤记录',
  questions: '题目',
  'exam-results': '考试成绩',
  handles: '群机器人@账号',
  'study-list': '年度学法清单',
}

/** Files above this many rows get a progress bar (on a terminal only). */
const PROGRESS_ABOVE_ROWS = 2000

export async function runImportFile(io: CliIo, kind: string, file: string, opts: ImportOptions): Promise<void> {
  if (!isImportKind(kind)) throw new CliExit(1, `未知的导入类型「${kind}」，应为 ${IMPORT_KINDS.join('、')} 之一`)
  const bytes = await readInput(file)
  const result = await withContext(io, async ({ config, db, clock }) => {
    const progress = createProgress(io.stderr)
    try {
      return await runImport(
        db,
        kind,
        { bytes, filename: basename(file) },
        {
          tz: config.XUEFA_TZ,
          clock,
          actor: 'cli',
          dryRun: opts.dryRun,
          confirmLeavers: opts.confirmLeavers,
          onProgress: progress?.update,
        },
      )
    } finally {
      progress?.stop()
    }
  })
  if (!result.ok) {
    // at most the first 100 problems are listed (a file of a million bad rows printed a million lines); the rest are counted
    const lines = result.problems.map(CLI.importProblem)
    const more = result.problemsNotShown ?? 0
    if (more > 0) lines.push(LIMITS.more(more, result.problems.length))
    const total = result.problems.length + more
    throw new CliExit(1, `${lines.join('\n')}\n未导入任何数据：共 ${total} 个问题，请修改后重新导入。`)
  }
  io.stdout.write(`${summary(result)}\n`)
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new CliExit(1, `找不到文件：${file}`)
    if (code === 'EISDIR') throw new CliExit(1, `这是一个文件夹，不是文件：${file}`)
    throw new CliExit(1, `无法读取文件 ${file}：${(e as Error).message}`)
  }
}

function createProgress(stream: CliStream): { update: (done: number, total: number) => void; stop: () => void } | undefined {
  if (!stream.isTTY) return undefined
  let bar: cliProgress.SingleBar | undefined
  return {
    update(done, total) {
      if (total <= PROGRESS_ABOVE_ROWS) return
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream, format: '写入 [{bar}] {value}/{total} 行' }, cliProgress.Presets.shades_classic)
        bar.start(total, 0)
      }
      bar.update(done)
    },
    stop() {
      bar?.stop()
    },
  }
}

function summary(r: Extract<ImportResult, { ok: true }>): string {
  const what = KIND_NAMES[r.kind]
  const counts = `共 ${r.rows} 行：新增 ${r.inserted}，更新 ${r.updated}，未变 ${r.unchanged}${r.removed ? `，移出 ${r.removed}` : ''}`
  const ignored = r.ignoredColumns?.length ? `\n未识别、已忽略的列：${r.ignoredColumns.join('、')}` : ''
  const leavers = r.leavers?.length
    ? `\n${(r.dryRun ? LEAVERS.willLeave : LEAVERS.left)(r.leavers.length)}\n${LEAVERS.list(r.leavers)
        .map((l) => `  ${l}`)
        .join('\n')}`
    : ''
  const warnings = (r.leaversToConfirm ?? []).map((u) => `\n注意：${LEAVERS.warning(u)}（命令行加 --confirm-leavers）`).join('')
  const warned = r.warnings?.length
    ? `\n请注意 ${r.warnings.length} 行（照常导入，但不计入统计）：${r.warnings.map((w) => `\n  第 ${w.line} 行：${w.message}`).join('')}`
    : ''
  return r.dryRun
    ? `试运行（未写入）：${what}${counts}。${leavers}${warnings}${ignored}${warned}`
    : `已导入${what}，${counts}。${leavers}${ignored}${warned}`
}
