/**
 * Pure grading: reading what a person typed, mapping their (shuffled) letters back to the question's
 * canonical letters, judging it, and scoring an attempt out of 100.
 */

export type QuestionType = 'single' | 'multiple' | 'judge' | 'short'

export type ParsedResponse =
  /** canonical form in the person's letters: 'A', 'ACD', 'T' / 'F', or the text of a short answer */
  | { kind: 'answer'; value: string }
  /** answer-shaped but unusable: the person gets a hint, nothing is recorded */
  | { kind: 'invalid'; reason: 'single_needs_one' | 'no_such_option' | 'judge_needs_tf'; letter?: string }
  /** not an answer at all: the router may try something else */
  | { kind: 'none' }

export const LETTERS = 'ABCDEF'

const PREFIX = /^(?:我选择|我选|选择|选|答案(?:是|为)?|答)\s*[:：]?\s*/
const TRAILING = /[。.!！~～]+$/
const SEPARATORS = /[\s,，、;；/+和与及]+/g

const TRUE_WORDS = new Set(['对', '对的', '正确', '√', '✓', '✔', '☑', 'T', 'TRUE', 'Y', 'YES', '是'])
const FALSE_WORDS = new Set(['错', '错的', '错误', '不对', '不正确', '×', '✗', '✘', 'X', 'F', 'FALSE', 'N', 'NO', '否'])

/** Full-width letters and digits become ASCII (NFKC), letters upper case, the polite wrapping goes. */
export function normalizeResponse(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase().replace(PREFIX, '').replace(TRAILING, '').trim()
}

/** Reads a reply to a question of `type` with `optionCount` options (as the person sees them). */
export function parseResponse(raw: string, type: QuestionType, optionCount: number): ParsedResponse {
  if (type === 'short') {
    const text = raw.trim()
    return text === '' ? { kind: 'none' } : { kind: 'answer', value: text.slice(0, 2000) }
  }
  const s = normalizeResponse(raw)
  if (s === '' || s.length > 20) return { kind: 'none' }
  if (type === 'judge') {
    if (TRUE_WORDS.has(s)) return { kind: 'answer', value: 'T' }
    if (FALSE_WORDS.has(s)) return { kind: 'answer', value: 'F' }
    return /^[A-F]$/.test(s) ? { kind: 'invalid', reason: 'judge_needs_tf' } : { kind: 'none' }
  }
  const compact = s.replace(SEPARATORS, '')
  // letters outside A–F mean ordinary words ("OK", "HI"), not an answer
  if (!/^[A-F]{1,6}$/.test(compact)) return { kind: 'none' }
  const letters = sortLetters(compact)
  const beyond = [...letters].find((l) => LETTERS.indexOf(l) >= optionCount)
  if (beyond) return { kind: 'invalid', reason: 'no_such_option', letter: beyond }
  if (type === 'single' && letters.length !== 1) return { kind: 'invalid', reason: 'single_needs_one' }
  return { kind: 'answer', value: letters }
}

export function sortLetters(letters: string): string {
  return [...new Set(letters)].sort().join('')
}

/**
 * `perm[shownIndex] = canonicalIndex`: the option the person sees as letter `shownIndex` is the
 * question's option `canonicalIndex`. Judge and short answers pass through.
 */
export function toCanonical(shown: string, perm: readonly number[]): string {
  if (!/^[A-F]+$/.test(shown) || perm.length === 0) return shown
  return sortLetters([...shown].map((l) => LETTERS[perm[LETTERS.indexOf(l)]!]!).join(''))
}

/** The inverse of `toCanonical`: the right answer as the person's letters. */
export function toShown(canonical: string, perm: readonly number[]): string {
  if (!/^[A-F]+$/.test(canonical) || perm.length === 0) return canonical
  return sortLetters([...canonical].map((l) => LETTERS[perm.indexOf(LETTERS.indexOf(l))]!).join(''))
}

export interface GradeOptions {
  /** a multiple-choice answer with no wrong letter but some missing earns half (少选得一半分) */
  partialCredit?: boolean
}

export interface Grade {
  /** null: a short answer waiting for a person to mark it */
  isCorrect: boolean | null
  /** the share of the question's weight earned, 0…1 */
  credit: number
}

/** `given` and `answer` both in canonical letters ('T'/'F' for judge). */
export function gradeAnswer(type: QuestionType, answer: string, given: string, options: GradeOptions = {}): Grade {
  if (type === 'short') return { isCorrect: null, credit: 0 }
  if (type === 'judge') return full(given === answer)
  const want = sortLetters(answer)
  const got = sortLetters(given)
  if (type === 'single') return full(got.length === 1 && got === want)
  if (got === want) return full(true)
  const noWrong = [...got].every((l) => want.includes(l))
  if (options.partialCredit && got.length > 0 && noWrong) return { isCorrect: false, credit: 0.5 }
  return full(false)
}

function full(ok: boolean): Grade {
  return { isCorrect: ok, credit: ok ? 1 : 0 }
}

/** Credit of a stored answer: a marked short answer counts by its mark. */
export function creditOf(
  type: QuestionType,
  answer: string,
  given: string | null,
  isCorrect: boolean | null,
  options: GradeOptions = {},
): number {
  if (given === null) return 0
  if (type === 'short') return isCorrect === true ? 1 : 0
  return gradeAnswer(type, answer, given, options).credit
}

/** Out of 100, one decimal; unanswered items carry credit 0. Equal weights unless given. */
export function scoreOf(items: readonly { weight: number; credit: number }[]): number {
  const total = items.reduce((s, i) => s + i.weight, 0)
  if (total <= 0) return 0
  const earned = items.reduce((s, i) => s + i.weight * i.credit, 0)
  return Math.round((earned / total) * 1000) / 10
}

export function isPassing(score: number, passScore: number): boolean {
  return score >= passScore
}

/** How an answer is shown back: letters, or 对 / 错 for judge questions. */
export function displayAnswer(type: QuestionType, value: string): string {
  if (type === 'judge') return value === 'T' ? '对' : value === 'F' ? '错' : value
  return value
}

/** Whether a chat text has the shape of an answer (letters, 对/错/√/×…), before knowing the question. */
export function looksLikeAnswer(text: string): boolean {
  return parseResponse(text, 'multiple', LETTERS.length).kind !== 'none' || parseResponse(text, 'judge', 0).kind !== 'none'
}
