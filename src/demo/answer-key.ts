/**
 * What the simulated people know that real ones would have to learn: the right answer to the question in
 * front of them, read from the database (the person's open attempt, its layout and the question), in the
 * letters the person sees.
 */
import type { Db } from '../storage/db.js'
import { listOpenAttempts } from '../quizzes/attempts.repo.js'
import { loadAttemptView, nextPosition } from '../quizzes/attempt-view.js'
import { displayAnswer, toShown } from '../quizzes/grading.rules.js'
import { DemoStepError } from './wechat.js'
import type { Random } from './random.js'

const LETTERS = 'ABCDEF'

export interface CurrentQuestion {
  position: number
  total: number
  type: string
  right: string
  wrong: string
  /** the question's weight, and the weight of the whole attempt */
  weight: number
  totalWeight: number
}

/** A reply that is surely graded wrong: another option, one letter short, or the other of 对/错. */
export function wrongOf(type: string, right: string, optionCount: number, random: Random): string {
  if (type === 'judge') return right === '对' ? '错' : '对'
  if (type === 'multiple' && right.length > 1) {
    const drop = random.int(0, right.length - 1)
    return right.slice(0, drop) + right.slice(drop + 1)
  }
  const others = [...LETTERS.slice(0, optionCount)].filter((l) => !right.includes(l))
  return random.pick(others)
}

export async function currentQuestion(db: Db, officialId: string, random: Random): Promise<CurrentQuestion> {
  const [attempt] = await listOpenAttempts(db, officialId)
  if (!attempt) throw new DemoStepError(`official ${officialId} has no open quiz or exam to answer`)
  const view = await loadAttemptView(db, attempt)
  const position = nextPosition(view)
  if (position === null) throw new DemoStepError(`official ${officialId} has answered every question already`)
  const item = attempt.layout.items[position - 1]!
  const q = view.questions.get(item.q)!
  if (q.type === 'short') throw new DemoStepError(`question ${q.id} is a short answer; the demo only draws choice questions`)
  const right = displayAnswer(q.type, toShown(q.answer, item.perm))
  const optionCount = item.perm.length || q.options.length
  const totalWeight = attempt.layout.items.reduce((n, i) => n + i.w, 0)
  return {
    position,
    total: attempt.layout.items.length,
    type: q.type,
    right,
    wrong: wrongOf(q.type, right, optionCount, random),
    weight: item.w,
    totalWeight,
  }
}
