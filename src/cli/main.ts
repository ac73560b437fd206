import { Command, CommanderError } from 'commander'
import { CliExit } from './context.js'
import { serveCommand } from './serve.js'
import { migrateCommand } from './migrate.js'
import { tokenCommand } from './token.js'
import { backupCommand } from './backup.js'
import { importCommand } from './import.js'
import { reportCommand } from './report.js'
import { exportCommand } from './export.js'
import { examCommand } from './exam.js'
import { bindCodesCommand } from './bind-codes.js'
import { demoCommand } from './demo.js'
import { robotCommand } from './robot.js'
import { scheduleCommand } from './schedule.js'
import { questionCommand } from './question.js'

export function buildProgram(): Command {
  const program = new Command('xuefa')
    .description('学法 — legal-study tracking: 会前学法, 任前法律知识考试 and the annual 第一责任人 report')
    .showHelpAfterError()
    .exitOverride()
  for (const cmd of [
    serveCommand(),
    migrateCommand(),
    importCommand(),
    reportCommand(),
    exportCommand(),
    examCommand(),
    tokenCommand(),
    bindCodesCommand(),
    robotCommand(),
    scheduleCommand(),
    questionCommand(),
    backupCommand(),
    demoCommand(),
  ])
    program.addCommand(cmd)
  for (const cmd of program.commands) cmd.exitOverride()
  return program
}

/** Runs the program; returns the exit code instead of exiting so tests and the bin can decide. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv)
    return 0
  } catch (e) {
    if (e instanceof CliExit) {
      process.stderr.write(e.message.endsWith('\n') ? e.message : `${e.message}\n`)
      return e.exitCode
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1
    throw e
  }
}
