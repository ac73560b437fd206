import { Command } from 'commander'
import type { CliIo } from './io.js'

export function questionCommand(io: CliIo): Command {
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
      .action(async (ids: string[]) => (await import('./question.action.js')).runQuestionRetire(io, ids, retired))
  }
  return question
}
