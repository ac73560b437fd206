/**
 * Pure, seeded decisions: which questions a draw takes and how each person sees them. The same seed
 * gives the same result, so tests are stable and a layout can always be explained afterwards.
 */
import type { QuestionType } from './grading.rules.js'
import { seededRandom } from '../random.js'

export { seededRandom }

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export interface DrawCandidate {
  id: string
  type: QuestionType
}

/** `count` questions out of `candidates` (sorted by id first so the database's order does not matter). */
export function drawQuestions<T extends DrawCandidate>(candidates: readonly T[], count: number, seed: string): T[] {
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return shuffled(sorted, seededRandom(seed)).slice(0, count)
}

export type BlueprintType = 'single' | 'multiple' | 'judge'
export const BLUEPRINT_TYPES: readonly BlueprintType[] = ['single', 'multiple', 'judge']

export interface Blueprint {
  single: number
  multiple: number
  judge: number
  /** points per question of each type; equal weight when absent */
  weights?: Partial<Record<BlueprintType, number>>
  /** draw only from these laws (titles without 《》) */
  laws?: string[]
}

export const DEFAULT_BLUEPRINT: Blueprint = { single: 20, multiple: 10, judge: 10 }

export interface BlueprintDraw<T> {
  picked: T[]
  shortfall: { type: BlueprintType; wanted: number; got: number }[]
}

/**
 * Draws per type. Questions in `avoid` (e.g. those of the first sitting, for a make-up) are used only
 * when the bank has too few others. Order: singles, then multiples, then judges.
 */
export function drawBlueprint<T extends DrawCandidate>(
  candidates: readonly T[],
  bp: Blueprint,
  seed: string,
  avoid: ReadonlySet<string> = new Set(),
): BlueprintDraw<T> {
  const picked: T[] = []
  const shortfall: BlueprintDraw<T>['shortfall'] = []
  for (const type of BLUEPRINT_TYPES) {
    const wanted = bp[type]
    if (wanted <= 0) continue
    const ofType = candidates.filter((c) => c.type === type)
    const fresh = drawQuestions(
      ofType.filter((c) => !avoid.has(c.id)),
      wanted,
      `${seed}/${type}`,
    )
    const reused = drawQuestions(
      ofType.filter((c) => avoid.has(c.id)),
      wanted - fresh.length,
      `${seed}/${type}/reused`,
    )
    const got = [...fresh, ...reused]
    picked.push(...got)
    if (got.length < wanted) shortfall.push({ type, wanted, got: got.length })
  }
  return { picked, shortfall }
}

export interface LayoutItem {
  /** question id */
  q: string
  /** perm[shownIndex] = canonicalIndex; empty for judge and short questions */
  perm: number[]
  /** weight of the question in the score */
  w: number
}

export interface Layout {
  v: 1
  items: LayoutItem[]
  partialCredit?: boolean
}

export interface LayoutQuestion {
  id: string
  type: QuestionType
  optionCount: number
}

/**
 * One person's view of a quiz. The seed is the attempt's natural key (quiz, official, attempt number),
 * known before the row exists, so the layout is written with the attempt in one statement.
 */
export function buildLayout(
  questions: readonly LayoutQuestion[],
  seed: string,
  options: { shuffleQuestions: boolean; weights?: Partial<Record<QuestionType, number>>; partialCredit?: boolean },
): Layout {
  const random = seededRandom(seed)
  const order = options.shuffleQuestions ? shuffled(questions, random) : [...questions]
  const items = order.map((q) => {
    const identity = Array.from({ length: q.optionCount }, (_, i) => i)
    const perm = q.type === 'single' || q.type === 'multiple' ? shuffled(identity, random) : []
    return { q: q.id, perm, w: options.weights?.[q.type] ?? 1 }
  })
  return { v: 1, items, ...(options.partialCredit ? { partialCredit: true } : {}) }
}

export function attemptSeed(quizId: number, officialId: string, attemptNo: number): string {
  return `quiz:${quizId}/official:${officialId}/attempt:${attemptNo}`
}

/** The quiz's questions (`ids`, in its order) as a layout needs them: their type and how many options. */
export function layoutQuestions(
  ids: readonly string[],
  questions: ReadonlyMap<string, { type: QuestionType; options: readonly string[] }>,
): LayoutQuestion[] {
  return ids.map((id) => {
    const q = questions.get(id)!
    return { id, type: q.type, optionCount: q.options.length }
  })
}

/**
 * The layout of attempt `attemptNo` of `officialId` at `quiz`: what `答题` writes with the attempt, and what the
 * session's notice shows before any attempt exists (attempt 1) — the same inputs give the same layout.
 * `questions` in the quiz's order.
 */
export function attemptLayout(
  quiz: { id: number; spec: Record<string, unknown> },
  officialId: string,
  attemptNo: number,
  questions: readonly LayoutQuestion[],
  weights?: Partial<Record<QuestionType, number>>,
): Layout {
  const spec = quiz.spec as { partialCredit?: boolean; shuffleQuestions?: boolean }
  return buildLayout(questions, attemptSeed(quiz.id, officialId, attemptNo), {
    shuffleQuestions: spec.shuffleQuestions === true,
    partialCredit: spec.partialCredit,
    weights,
  })
}
