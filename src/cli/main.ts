import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { Command, CommanderError } from 'commander'
import { isAppError } from '../errors.js'
import { CliExit } from './exit.js'
import { CLI_ERRORS, cliRefusal, commanderError } from './copy.zh.js'
import { processIo, type CliIo } from './io.js'
import { serveCommand } from './serve.js'
import { migrateCommand } from './migrate.js'
import { tokenCommand } from './token.js'
import { linksCommand } from './links.js'
import { backupCommand } from './backup.js'
import { importCommand } from './import.js'
import { reportCommand } from './report.js'
import { exportCommand } from './export.js'
import { examCommand } from './exam.js'
import { bindCodesCommand } from './bind-codes.js'
import { demoCommand } from './demo.js'
import { robotCommand } from './robot.js'
import { channelCommand } from './channel.js'
import { scheduleCommand } from './schedule.js'
import { questionCommand } from './question.js'
import { capacityCommand } from './capacity.js'
import { namespaceCommand } from './namespace.js'
import { countyCommand } from './county.js'

/**
 * The `xuefa` program. Each command declares its options at once (`<command>.ts`) and imports what it does
 * (`<command>.action.ts`) only when it runs, so `xuefa --help` loads commander and little else.
 */
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('xuefa')
    .description('学法 — legal-study tracking: 会前学法, 任前法律知识考试 and the annual 第一责任人 report')
    .showHelpAfterError()
    // a command's options belong to it, not to the program (`report rollup --year` is the subcommand's)
    .enablePositionalOptions()
  for (const cmd of [
    serveCommand(io),
    migrateCommand(io),
    importCommand(io),
    reportCommand(io),
    exportCommand(io),
    examCommand(io),
    tokenCommand(io),
    linksCommand(io),
    bindCodesCommand(io),
    robotCommand(io),
    channelCommand(io),
    scheduleCommand(io),
    questionCommand(io),
    capacityCommand(io),
    namespaceCommand(io),
    countyCommand(io),
    backupCommand(io),
    demoCommand(io),
  ])
    program.addCommand(cmd)
  // commands added with addCommand inherit no settings: every one, at every depth, throws instead of exiting
  // and writes its help and errors to io
  const output = {
    writeOut: (s: string) => void io.stdout.write(s),
    writeErr: (s: string) => void io.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => write(commanderError(s)),
    getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns) || 80,
    getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns) || 80,
  }
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput(output)
    for (const sub of cmd.commands) configure(sub)
  }
  configure(program)
  return program
}

/** A file the command was told to write or read that the system refused (no such folder, no permission…), in Chinese. */
function fileRefusal(e: unknown): CliExit | undefined {
  const err = e as NodeJS.ErrnoException
  if (!(e instanceof Error) || typeof err.path !== 'string') return undefined
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
    const folder = dirname(err.path)
    return new CliExit(1, existsSync(folder) ? CLI_ERRORS.noFile(err.path) : CLI_ERRORS.noFolder(folder))
  }
  if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') return new CliExit(1, CLI_ERRORS.noAccess(err.path))
  if (err.code === 'EISDIR') return new CliExit(1, CLI_ERRORS.isFolder(err.path))
  return undefined
}

/**
 * Runs the program; returns the exit code instead of exiting so tests and the bin can decide. What the domain
 * refuses (an AppError, unless INTERNAL) is said in Chinese (copy.zh.ts cliRefusal) with exit code 1, as a refused
 * input is; so is a file the system would not write or read.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv)
    return 0
  } catch (e) {
    const exit = e instanceof CliExit ? e : isAppError(e) && e.code !== 'INTERNAL' ? new CliExit(1, cliRefusal(e)) : fileRefusal(e)
    if (exit) {
      io.stderr.write(exit.message.endsWith('\n') ? exit.message : `${exit.message}\n`)
      return exit.exitCode
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1
    throw e
  }
}
