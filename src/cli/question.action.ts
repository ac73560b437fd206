import { AppError } from '../errors.js'
import { retireQuestion } from '../quizzes/questions.service.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export async function runQuestionRetire(io: CliIo, ids: string[], retired: boolean): Promise<void> {
  await withContext(io, async ({ db, clock }) => {
    for (const id of ids) {
      try {
        await retireQuestion({ db, clock }, id, { actor: 'cli' }, retired)
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') throw new CliExit(1, `题库中没有题号为 ${id} 的题目`)
        throw e
      }
      io.stdout.write(`题目 ${id} 已${retired ? '停用，今后不再抽取' : '恢复抽取'}\n`)
    }
  })
}
