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

/** C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates. */
function isControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
}

/** Reads a reply to a question of `type` with `optionCount` options (as the person sees them). */
export function parseResponse(raw: string, type: QuestionType, optionCount: number): ParsedResponse {
  if (type === 'short') {
    // written on the page or in chat, read by a marker: no control characters (NUL, CR, escapes) nor bidi overrides
    const text = Array.from(raw, (ch) => (isControl(ch.codePointAt(0)!) ? '' : ch))
      .join('')
      .trim()
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

/** Whether a chat text has the shape of an answer (letters, 对/错/√/×…, or a whole quiz), before knowing the question. */
export function looksLikeAnswer(text: string): boolean {
  return (
    parseResponse(text, 'multiple', LETTERS.length).kind !== 'none' ||
    parseResponse(text, 'judge', 0).kind !== 'none' ||
    wholeQuizForm(text) !== null
  )
}

/*
 * The whole quiz in one message. Two forms (CONTRACT §5):
 *   numbered    `1A 2BC 3对`, `1.A，2、BC；3:√` — a question number, then that question's answer; any order.
 *   unnumbered  `ABCDA` — one character per question, in order; or `A BC 对 D A` — answers separated by spaces
 *               or commas, one per question, in order (the way to give a multiple-choice answer unnumbered).
 * Either may start with the quiz's number, `#12 1A 2BC 3对` (`quizTagOf`), which picks the quiz when several wait.
 * Letters may be full-width or lower case; judge questions take 对/错/√/×/✓/✗ (and T/F in the numbered or
 * separated form). Short-answer questions cannot be answered this way (答题 takes them one at a time).
 * How this is told apart from the answer to the current question in the one-at-a-time mode is decided in
 * answering/whole-quiz.service.ts (`answerInChat`).
 */

export interface WholeQuizQuestion {
  type: QuestionType
  /** options as the person sees them (0 for judge) */
  optionCount: number
}

export type WholeQuizParse =
  /** `values[i]`: the answer to question i+1 in the person's letters ('T'/'F' for judge), null when not given */
  | { kind: 'answers'; numbered: boolean; values: (string | null)[] }
  /** answer-shaped but unusable: the person gets a hint naming the question, nothing is recorded */
  | {
      kind: 'invalid'
      reason:
        | 'single_needs_one'
        | 'no_such_option'
        | 'judge_needs_tf'
        | 'unreadable'
        | 'no_such_question'
        | 'repeated'
        /** numbered and unnumbered mixed (`1A BC 3对`): `letter` is what follows question `position`'s answer unnumbered */
        | 'unnumbered_after'
        | 'too_many'
        | 'short'
      /** 1-based question number the hint is about (for too_many: how many answers were given) */
      position: number
      letter?: string
    }
  /** not a whole-quiz answer at all */
  | { kind: 'none' }

/** Characters that can each be one question's answer in the unnumbered run `ABCDA`. */
const RUN_CHARS = /^[A-F对错√×✓✗✔✘]+$/u
const NUMBERED = /^\d/
const NUMBER_ITEM = /(\d{1,3})\s*[.:)、-]?\s*([^\d]*)/gu
const TOKEN_SEPARATORS = /[\s,，、;；]+/u
/** one token's answer-ish shape: letters, or a judge word */
const TOKEN = /^(?:[A-F]{1,6}|对|错|对的|错的|正确|错误|√|×|✓|✗|✔|✘|T|F)$/u
const MAX_WHOLE = 400

/** `#12 1A 2BC 3对`: the quiz's number (its notice shows it), for a person with several quizzes waiting. */
const QUIZ_TAG = /^\s*#\s*(\d{1,9})\s*/u

function wholeNormalize(raw: string): string {
  return normalizeResponse(raw.normalize('NFKC').replace(QUIZ_TAG, '').replace(/\s+/gu, ' '))
}

/** The quiz number a whole-quiz answer starts with (`#12 …`, also full-width `＃１２`), or null. */
export function quizTagOf(raw: string): number | null {
  const m = QUIZ_TAG.exec(raw.normalize('NFKC'))
  return m ? Number(m[1]) : null
}

/** Which whole-quiz form a chat text has, before knowing the quiz; null: neither. */
export function wholeQuizForm(text: string): 'numbered' | 'unnumbered' | null {
  const s = wholeNormalize(text)
  if (s === '' || s.length > MAX_WHOLE) return null
  if (NUMBERED.test(s)) {
    const parts = [...s.matchAll(NUMBER_ITEM)].map((m) => (m[2] ?? '').replace(SEPARATORS, ''))
    return parts.some((p) => p !== '') && parts.every((p) => p === '' || answerish(p)) ? 'numbered' : null
  }
  const tokens = answerTokens(s)
  if (tokens.length > 1) return tokens.every((t) => TOKEN.test(t)) ? 'unnumbered' : null
  return RUN_CHARS.test(s) ? 'unnumbered' : null
}

/**
 * The separated form's answers. The chat drops a space between two Chinese characters (签 到 → 签到), so
 * `对 错` arrives as `对错`: a run of 对/错 is one answer per character.
 */
function answerTokens(s: string): string[] {
  return s
    .split(TOKEN_SEPARATORS)
    .filter((t) => t !== '')
    .flatMap((t) => (/^[对错]{2,}$/u.test(t) ? [...t] : [t]))
}

function answerish(part: string): boolean {
  const compact = part.replace(SEPARATORS, '')
  return compact !== '' && (TOKEN.test(compact) || /^[A-F]{1,6}$/u.test(compact))
}

/** Reads a whole-quiz answer against the questions as the person sees them. */
export function parseWholeQuiz(raw: string, questions: readonly WholeQuizQuestion[]): WholeQuizParse {
  const form = wholeQuizForm(raw)
  if (form === null) return { kind: 'none' }
  const s = wholeNormalize(raw)
  const n = questions.length
  const values: (string | null)[] = new Array(n).fill(null)
  const shortAt = questions.findIndex((q) => q.type === 'short')
  if (shortAt >= 0) return { kind: 'invalid', reason: 'short', position: shortAt + 1 }
  if (form === 'numbered') {
    const seen = new Set<number>()
    for (const m of s.matchAll(NUMBER_ITEM)) {
      const position = Number(m[1])
      const part = (m[2] ?? '').replace(SEPARATORS, '')
      if (position < 1 || position > n) return { kind: 'invalid', reason: 'no_such_question', position }
      if (seen.has(position)) return { kind: 'invalid', reason: 'repeated', position }
      seen.add(position)
      if (part === '') continue
      const one = readOne(part, questions[position - 1]!, position)
      if (one.kind === 'invalid') return mixedForm(m[2] ?? '', questions[position - 1]!, position) ?? one
      values[position - 1] = one.value
    }
    return { kind: 'answers', numbered: true, values }
  }
  const tokens = answerTokens(s)
  const answers = tokens.length > 1 ? tokens : [...s]
  if (answers.length > n) return { kind: 'invalid', reason: 'too_many', position: answers.length }
  for (const [i, part] of answers.entries()) {
    const one = readOne(part, questions[i]!, i + 1)
    if (one.kind === 'invalid') return one
    values[i] = one.value
  }
  return { kind: 'answers', numbered: false, values }
}

/**
 * `1A BC 3对`: the answer after a number reads alone, and what follows it, separated, makes it unusable — an answer
 * given without its number (`2 B C` with all its letters reads as BC, and stays so).
 */
function mixedForm(raw: string, q: WholeQuizQuestion, position: number): Extract<WholeQuizParse, { kind: 'invalid' }> | null {
  const [first, ...rest] = raw
    .trim()
    .split(TOKEN_SEPARATORS)
    .filter((t) => t !== '')
  if (first === undefined || rest.length === 0) return null
  if (readOne(first, q, position).kind !== 'answer') return null
  return { kind: 'invalid', reason: 'unnumbered_after', position, letter: rest.join(' ') }
}

function readOne(
  part: string,
  q: WholeQuizQuestion,
  position: number,
): { kind: 'answer'; value: string } | Extract<WholeQuizParse, { kind: 'invalid' }> {
  const parsed = parseResponse(part, q.type, q.optionCount)
  if (parsed.kind === 'answer') return parsed
  if (parsed.kind === 'none') {
    // a judge word where letters are wanted, or a letter beyond A–F
    if (q.type === 'judge') return { kind: 'invalid', reason: 'judge_needs_tf', position }
    return { kind: 'invalid', reason: 'unreadable', position, letter: part }
  }
  return { kind: 'invalid', reason: parsed.reason, position, ...(parsed.letter ? { letter: parsed.letter } : {}) }
}

/** 1-based numbers of the questions a parse leaves unanswered, among `open` (those still to answer). */
export function missingPositions(values: readonly (string | null)[], open: ReadonlySet<number>): number[] {
  return values.flatMap((v, i) => (v === null && open.has(i + 1) ? [i + 1] : []))
}
