import { Command } from 'commander'
import { AppError } from '../errors.js'
import { retireQuestion } from '../quizzes/questions.service.js'
import { CliExit, withContext } from './context.js'

export function questionCommand(): Command {
  const question = new Command('question').description('the question bank beyond imports')
  for (const [name, retired] of [
    ['retire', true],
    ['restore', false],
  ] as const) {
    question
      .command(`${name} <id...>`)
      .description(
        retired
          ? 'stop drawing these questions (e.g. after a law changed); quizzes already taken keep them'
          : 'draw these retired questions again',
      )
      .action(async (ids: string[]) => {
        await withContext(async ({ db, clock }) => {
          for (const id of ids) {
            try {
              await retireQuestion({ db, clock }, id, { actor: 'cli' }, retired)
            } catch (e) {
              if (e instanceof AppError && e.code === 'NOT_FOUND') throw new CliExit(1, `题库中没有题号为 ${id} 的题目`)
              throw e
            }
            process.stdout.write(`题目 ${id} 已${retired ? '停用，今后不再抽取' : '恢复抽取'}\n`)
          }
        })
      })
  }
  return question
}
