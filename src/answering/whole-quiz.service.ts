/**
 * An answer typed in chat: to the current question (one at a time), or to the whole quiz in one message.
 *
 * How the two are told apart (README, "Answering in chat"):
 *  - the numbered form (`1A 2BC 3对`) is always the whole quiz;
 *  - with no open attempt, the unnumbered form (`ABCDA`, `A BC 对 D A`) is the whole quiz — the layout the
 *    person answers is the one their notice showed (attempt 1's, `attemptLayout`);
 *  - once `答题` has opened an attempt (the one-at-a-time mode), an unnumbered text is the answer to the current
 *    question whenever it reads as one; only a text that does not, and that gives an answer for every
 *    question, is the whole quiz;
 *  - the 任前 exam is answered one question at a time only.
 * Several quizzes: an open attempt (答题) takes the answer when no other quiz waits for a first attempt (else it
 * needs the number too); else, with one quiz waiting for a first attempt, that one; with several, the answer must
 * start with the quiz's number, shown in its notice (`#12 1A 2BC 3对`) —
 * without it the person is told the numbers and nothing is recorded (answers read against the wrong quiz's
 * layout would be recorded wrong). The reply names the quiz.
 * A whole-quiz answer must cover every question not yet answered; otherwise the person is told which are
 * missing and nothing is recorded. Questions answered earlier (one at a time) keep their answers. Everything
 * — the attempt, the answers, the closing and the chat's processed-message row — is written in one
 * transaction, so a message delivered twice is processed once.
 */
import type { InStatement, Transaction } from '@libsql/client'
import { isUniqueViolation } from '../storage/errors.js'
import { quizCopy } from '../quizzes/copy.zh.js'
import {
  displayAnswer,
  gradeAnswer,
  missingPositions,
  parseResponse,
  parseWholeQuiz,
  quizTagOf,
  toCanonical,
  toShown,
  wholeQuizForm,
  type WholeQuizQuestion,
} from '../quizzes/grading.rules.js'
import { attemptLayout, layoutQuestions, type Layout } from '../quizzes/layout.rules.js'
import { findQuestions, type Question } from '../quizzes/questions.repo.js'
import { listQuizQuestionIds, type Quiz } from '../quizzes/quizzes.repo.js'
import {
  closeAttemptStatement,
  insertAnswerStatement,
  insertAttempt,
  listAttempts,
  listOpenAttempts,
  type Attempt,
  type NewAnswer,
  type StoredAnswer,
} from '../quizzes/attempts.repo.js'
import { gradedAnswer, isOverdue, loadAttemptView, nextPosition, scoreView, shortTime, type AttemptView } from '../quizzes/attempt-view.js'
import {
  answerWithOutcome,
  closeAttempt,
  madeUpStatements,
  type AnswerOptions,
  type AnswerOutcome,
  type QuizDeps,
} from './answering.service.js'
import { freshQuizzes, pendingQuiz } from './quiz-start.service.js'

/** The questions of a layout as the person sees them. */
function seen(layout: Layout, questions: Map<string, Question>): WholeQuizQuestion[] {
  return layout.items.map((item) => {
    const q = questions.get(item.q)!
    return { type: q.type, optionCount: item.perm.length || q.options.length }
  })
}

/**
 * The chat's answer-shaped text, in either mode. Returns null when it is no answer here (the router says what
 * it says to unknown text); `claimed` tells whether `opts.claim` was written with an answer.
 */
export async function answerInChat(
  deps: QuizDeps,
  officialId: string,
  rawText: string,
  opts: AnswerOptions = {},
): Promise<AnswerOutcome | null> {
  const form = wholeQuizForm(rawText)
  const tag = quizTagOf(rawText)
  const [open] = await listOpenAttempts(deps.db, officialId)
  if (open) {
    const view = await loadAttemptView(deps.db, open)
    const asCurrent = () => answerWithOutcome(deps, officialId, rawText, { ...opts, open: { attempt: open, view } })
    if (view.quiz.examId !== null || form === null) return asCurrent()
    if (tag !== null && tag !== view.quiz.id) return said([quizCopy.finishOpenFirst(view.quiz.title ?? '')])
    // one at a time (unnumbered, no quiz number): the current question's answer when it reads as one — the common
    // case, decided before the whole quiz is read —, or as a wrong one with its hint unless every question has its answer
    const current = form === 'unnumbered' && tag === null ? currentReading(view, rawText) : 'none'
    if (current === 'answer') return asCurrent()
    const parsed = parseWholeQuiz(rawText, seen(open.layout, view.questions))
    if (current === 'invalid' && !(parsed.kind === 'answers' && parsed.values.every((v) => v !== null))) return asCurrent()
    if (isOverdue(open, view.quiz, deps.clock.now().toISOString())) return said(await closeAttempt(deps, view, 'expired'))
    if (tag === null) {
      // another quiz's notice may be where these answers come from: read against the open one's layout they
      // would be recorded wrong, so the number is asked for, as when several wait and none is open
      const others = (await freshQuizzes(deps, officialId)).filter((q) => q.id !== view.quiz.id)
      if (others.length > 0) return said([whichQuiz(deps, [view.quiz, ...others])])
    }
    return recordWhole(deps, view, parsed, opts)
  }
  if (form === null) return null
  const fresh = await freshQuizzes(deps, officialId)
  const chosen = tag === null ? (fresh.length === 1 ? fresh[0] : undefined) : fresh.find((q) => q.id === tag)
  if (chosen) return recordWhole(deps, await firstAttemptView(deps, chosen, officialId), null, opts, rawText)
  if (tag === null && fresh.length > 1) return said([whichQuiz(deps, fresh)])
  const pending = await pendingQuiz(deps, officialId, tag ?? undefined)
  switch (pending.kind) {
    case 'none':
      return tag === null ? null : said([quizCopy.noSuchQuiz(tag)])
    case 'notYet':
      return said([quizCopy.notOpenYet(pending.quiz.title ?? '', shortTime(pending.quiz.opensAt, deps.tz) ?? '')])
    case 'missed':
      return said([quizCopy.pastDeadline(pending.quiz.title ?? '', shortTime(pending.quiz.deadlineAt, deps.tz) ?? '')])
    case 'done':
      return said([quizCopy.alreadyDone(pending.quiz.title ?? '', pending.score, pending.passed)])
    case 'start':
      // no first attempt is waiting (fresh is empty): this is a retake, answered with 答题 in its own layout
      return said(await finishedAlready(deps, pending.quiz, officialId))
  }
}

const said = (texts: string[]): AnswerOutcome => ({ texts, claimed: false })

const whichQuiz = (deps: QuizDeps, quizzes: readonly Quiz[]): string =>
  quizCopy.whichQuiz(quizzes.map((q) => ({ tag: q.id, title: q.title ?? '', deadline: shortTime(q.deadlineAt, deps.tz) })))

function currentReading(view: AttemptView, rawText: string): 'answer' | 'invalid' | 'none' {
  const position = nextPosition(view)
  if (position === null) return 'none'
  const item = view.attempt.layout.items[position - 1]!
  const q = view.questions.get(item.q)!
  return parseResponse(rawText, q.type, item.perm.length || q.options.length).kind
}

async function finishedAlready(deps: QuizDeps, quiz: Quiz, officialId: string): Promise<string[]> {
  const finished = (await listAttempts(deps.db, quiz.id, officialId)).filter((a) => a.state !== 'open')
  const last = finished[finished.length - 1]
  return [quizCopy.alreadyDone(quiz.title ?? '', last?.score ?? null, last?.passed ?? null), quizCopy.retakeByStep]
}

/** Attempt 1 as it will be written: the layout the notice showed, no answers, no id yet (0). */
async function firstAttemptView(deps: QuizDeps, quiz: Quiz, officialId: string): Promise<AttemptView> {
  const ids = await listQuizQuestionIds(deps.db, quiz.id)
  const questions = await findQuestions(deps.db, ids)
  const layout = attemptLayout(quiz, officialId, 1, layoutQuestions(ids, questions))
  const attempt: Attempt = {
    id: 0,
    quizId: quiz.id,
    officialId,
    attemptNo: 1,
    layout,
    state: 'open',
    startedAt: deps.clock.now().toISOString(),
    endsAt: null,
    finishedAt: null,
    score: null,
    passed: null,
  }
  return { attempt, quiz, questions, answers: new Map<number, StoredAnswer>() }
}

/**
 * Records a whole-quiz answer at `view` (attempt id 0: written here, with the answers) and closes the attempt.
 * `parsed` null: parse `rawText` against the view's layout.
 */
async function recordWhole(
  deps: QuizDeps,
  view: AttemptView,
  parsedIn: ReturnType<typeof parseWholeQuiz> | null,
  opts: AnswerOptions,
  rawText = '',
): Promise<AnswerOutcome | null> {
  const { attempt, quiz, questions } = view
  const total = attempt.layout.items.length
  const parsed = parsedIn ?? parseWholeQuiz(rawText, seen(attempt.layout, questions))
  if (parsed.kind === 'none') return null
  if (parsed.kind === 'invalid') {
    if (parsed.reason === 'short') return said([quizCopy.wholeShort])
    if (parsed.reason === 'too_many') return said([quizCopy.wholeTooMany(parsed.position, total)])
    return said([quizCopy.wholeInvalid(parsed.reason, parsed.position, parsed.letter)])
  }
  const open = new Set<number>()
  for (let p = 1; p <= total; p++) if (!view.answers.has(p)) open.add(p)
  const missing = missingPositions(parsed.values, open)
  if (missing.length > 0) return said([quizCopy.wholeMissing(missing, total)])
  const now = deps.clock.now().toISOString()
  const partialCredit = attempt.layout.partialCredit === true
  const fresh: NewAnswer[] = []
  for (const p of open) fresh.push(gradedAnswer(view, p, toCanonical(parsed.values[p - 1]!, attempt.layout.items[p - 1]!.perm), now).answer)
  const answers = new Map(view.answers)
  for (const a of fresh) answers.set(a.position, { ...a, id: 0 })
  const scored = scoreView({ ...view, answers })
  const madeUp = await madeUpStatements(deps, view, now)
  const written = await deps.db
    .write((tx) => writeWhole(tx, attempt, fresh, scored, now, opts.claim, madeUp))
    .catch((e: unknown) => {
      // the attempt or an answer was written meanwhile by another message (答题, a step answer), or the
      // deadline's sweep closed the attempt: nothing of this message stands
      if (e instanceof WholeQuizConflict || isUniqueViolation(e)) return 'conflict' as const
      throw e
    })
  if (written === 'duplicate') return { texts: [], claimed: true }
  if (written === 'conflict') return said([quizCopy.wholeConflict])
  const lines = [`《${quiz.title ?? ''}》${quizCopy.finished(scored.score, quiz.passScore, scored.passed, scored.pendingShort)}`]
  for (let p = 1; p <= total; p++) lines.push(verdictLine(view, answers.get(p)!, p, partialCredit))
  if (quiz.retakes !== 'none') lines.push(quizCopy.retakeHint(quiz.retakes))
  if (madeUp.length > 0) lines.push(quizCopy.madeUp)
  return { texts: [lines.join('\n')], claimed: opts.claim !== undefined }
}

async function writeWhole(
  tx: Transaction,
  attempt: Attempt,
  fresh: NewAnswer[],
  scored: { score: number; passed: boolean },
  now: string,
  claim: InStatement | undefined,
  /** a make-up finished: 补学 (answering.service.ts `madeUpStatements`) */
  madeUp: InStatement[] = [],
): Promise<'duplicate' | 'written'> {
  if (claim) {
    try {
      await tx.execute(claim)
    } catch (e) {
      // the same message, delivered again: it was answered the first time
      if (isUniqueViolation(e)) return 'duplicate'
      throw e
    }
  }
  const id =
    attempt.id !== 0
      ? attempt.id
      : await insertAttempt(tx, {
          quizId: attempt.quizId,
          officialId: attempt.officialId,
          attemptNo: attempt.attemptNo,
          layout: attempt.layout,
          startedAt: now,
          endsAt: null,
        })
  for (const a of fresh) await tx.execute(insertAnswerStatement({ ...a, attemptId: id }))
  const rs = await tx.execute(closeAttemptStatement({ id, state: 'finished', score: scored.score, passed: scored.passed, finishedAt: now }))
  if (rs.rowsAffected !== 1) throw new WholeQuizConflict()
  for (const st of madeUp) await tx.execute(st)
  return 'written'
}

class WholeQuizConflict extends Error {}

function verdictLine(view: AttemptView, a: StoredAnswer, position: number, partialCredit: boolean): string {
  const item = view.attempt.layout.items[position - 1]!
  const q = view.questions.get(item.q)!
  const right = displayAnswer(q.type, toShown(q.answer, item.perm))
  const grade = gradeAnswer(q.type, q.answer, a.given, { partialCredit })
  const mark = q.type === 'short' ? 'short' : grade.isCorrect ? 'right' : grade.credit > 0 ? 'partial' : 'wrong'
  return quizCopy.verdict({ index: position, mark, right, explanation: q.explanation, law: q.lawTitle, article: q.article })
}
