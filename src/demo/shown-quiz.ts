/**
 * A quiz as a person sees it — in the notice the mock WeChat delivered, or on the mobile page behind their
 * link — and what a person who knows the law answers to it: the right option is known by its text (the bank's
 * answer, which the simulated people know), its letter read from what they see, so their letters are the
 * notice's or the page's, never the database's.
 */
import type { Db } from '../storage/db.js'
import { listDrawableQuestions, type Question } from '../quizzes/questions.repo.js'
import { LETTERS } from '../quizzes/grading.rules.js'
import { TYPE_ZH } from '../quizzes/copy.zh.js'
import { wrongOf } from './answer-key.js'
import type { Random } from './random.js'
import { DemoStepError } from './wechat.js'

export interface ShownQuestion {
  position: number
  type: 'single' | 'multiple' | 'judge'
  stem: string
  /** the option texts in the order shown (none for 判断题) */
  options: string[]
}

const TYPE_OF = new Map<string, string>(Object.entries(TYPE_ZH).map(([type, zh]) => [zh, type]))
const asChoice = (zh: string | undefined): ShownQuestion['type'] | null => {
  const t = zh === undefined ? undefined : TYPE_OF.get(zh)
  return t === 'single' || t === 'multiple' || t === 'judge' ? t : null
}

/** The questions a notice lists: `1.（单选题）题干` and its `A. 选项` lines (quizzes/copy.zh.ts `listed`). */
export function quizInNotice(text: string): ShownQuestion[] {
  const out: ShownQuestion[] = []
  for (const line of text.split('\n')) {
    const head = /^(\d+)\.（(\S+?)）(.*)$/.exec(line)
    const type = asChoice(head?.[2])
    if (head && type) {
      out.push({ position: Number(head[1]), type, stem: head[3]!, options: [] })
      continue
    }
    const option = /^([A-F])\. (.*)$/.exec(line)
    const last = out[out.length - 1]
    if (option && last && last.type !== 'judge' && option[1] === LETTERS[last.options.length]) last.options.push(option[2]!)
  }
  return out
}

/** The first personal link (`…/m/<token>`, CONTRACT §8) in a text. */
export function linkIn(text: string): string | null {
  return /https?:\/\/\S+?\/m\/[A-Za-z0-9._~-]+/.exec(text)?.[0] ?? null
}

/** The text of an HTML attribute or text node of the server's pages (the five entities its escaping writes). */
export const unescapeHtml = (v: string) =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

export interface PageForm {
  action: string
  /** hidden fields, sent back as they are */
  hidden: [string, string][]
  questions: ShownQuestion[]
}

/** The page's first POST form (pages are the server's own HTML, src/http/page/views.tsx): where it goes, its hidden fields, its questions. */
export function formOnPage(html: string, pageUrl: string): PageForm {
  const form = /<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html)
  if (!form) throw new DemoStepError('the page has no form')
  const hidden: [string, string][] = []
  for (const m of form[2]!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1]
    if (name) hidden.push([name, unescapeHtml(/value="([^"]*)"/.exec(m[0])?.[1] ?? '')])
  }
  const questions: ShownQuestion[] = []
  for (const f of form[2]!.matchAll(/<fieldset\b[^>]*id="q(\d+)"[^>]*>([\s\S]*?)<\/fieldset>/g)) {
    const body = f[2]!
    const legend = /<legend>[\s\S]*?<\/span>([\s\S]*?)<\/legend>/.exec(body)?.[1] ?? ''
    const inputs = [...body.matchAll(/<input\b[^>]*type="(radio|checkbox)"[^>]*value="([^"]*)"/g)]
    const type = inputs[0]?.[1] === 'checkbox' ? 'multiple' : inputs.some((i) => i[2] === 'T') ? 'judge' : 'single'
    const options = type === 'judge' ? [] : [...body.matchAll(/<span>[A-F]\. ([\s\S]*?)<\/span>/g)].map((o) => unescapeHtml(o[1]!))
    questions.push({ position: Number(f[1]), type, stem: unescapeHtml(legend.trim()), options })
  }
  return { action: new URL(unescapeHtml(form[1]!), pageUrl).href, hidden, questions }
}

/** What the simulated people know: the bank's questions, found by what is shown. */
export interface Knowledge {
  /** the answer as the person types it in chat (letters, 对/错), right or wrong on purpose */
  answer(q: ShownQuestion, right: boolean): string
}

export async function learnTheBank(db: Db, random: Random): Promise<Knowledge> {
  const byStem = new Map<string, Question[]>()
  for (const q of await listDrawableQuestions(db)) byStem.set(q.stem, [...(byStem.get(q.stem) ?? []), q])
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')
  return {
    answer(shown, right) {
      const q = (byStem.get(shown.stem) ?? []).find(
        (x) => x.type === shown.type && (shown.type === 'judge' || same(x.options, shown.options)),
      )
      if (!q) throw new DemoStepError(`question ${shown.position} ("${shown.stem.slice(0, 30)}") is not in the bank as shown`)
      const key =
        q.type === 'judge'
          ? q.answer === 'T'
            ? '对'
            : '错'
          : shown.options.map((text, i) => ([...q.answer].some((l) => q.options[LETTERS.indexOf(l)] === text) ? LETTERS[i] : '')).join('')
      return right ? key : wrongOf(q.type, key, shown.options.length, random)
    },
  }
}

/** A chat answer as the page's form value: the letters, or T / F for 对 / 错. */
export const formValue = (answer: string) => (answer === '对' ? 'T' : answer === '错' ? 'F' : answer)
