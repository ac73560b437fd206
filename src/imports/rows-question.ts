/** The question-bank row: options A–F without gaps, and an answer that fits the type and the options. */
import { z } from 'zod'
import { enumOf, optionalText, requiredCode, requiredText } from './row-fields.js'
import { normalizeLawTitle } from '../laws.js'
import { splitList } from '../sessions/session.rules.js'
import { QUESTION_TYPE_WORDS, parseChoiceLetters, parseJudgeAnswer, type QuestionType } from './values.js'

export interface QuestionRecord {
  id: string
  type: QuestionType
  stem: string
  options: string[]
  /** 'A' / 'ACD' for choices, 'T' / 'F' for 判断, reference text for 简答 */
  answer: string
  explanation: string | null
  lawTitle: string
  article: string | null
  tags: string | null
}

export const OPTION_KEYS = ['option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'option_f'] as const
const LETTERS = 'ABCDEF'

export function questionSchema() {
  const options = Object.fromEntries(OPTION_KEYS.map((k) => [k, optionalText(500)])) as Record<
    (typeof OPTION_KEYS)[number],
    ReturnType<typeof optionalText>
  >
  return z
    .object({
      id: requiredCode(),
      type: enumOf(QUESTION_TYPE_WORDS, ['单选', '多选', '判断', '简答'], true),
      stem: requiredText(2000, { lines: true }),
      ...options,
      answer: requiredText(2000, { lines: true }),
      explanation: optionalText(2000, { lines: true }),
      law: requiredText(200).transform((s, ctx) => {
        const title = normalizeLawTitle(s)
        if (title === '') ctx.addIssue({ code: 'custom', message: '法律法规名称不能只有书名号' })
        return title
      }),
      article: optionalText(100),
      tags: optionalText(500),
    })
    .transform((r, ctx): QuestionRecord => {
      const texts = OPTION_KEYS.map((k) => r[k] ?? null)
      let count = texts.length
      while (count > 0 && texts[count - 1] === null) count--
      const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message })
      const gap = texts.slice(0, count).indexOf(null)
      if (gap >= 0) problem(OPTION_KEYS[gap]!, `选项${LETTERS[gap]}为空，但后面的选项有内容；选项应从A起连续填写`)
      const answer = answerFor(r.type, r.answer, count)
      if (typeof answer === 'object') problem('answer', answer.problem)
      if (r.type === 'single' || r.type === 'multiple') {
        if (count < 2) problem('option_a', `${r.type === 'single' ? '单选' : '多选'}题至少需要两个选项`)
      }
      const tags = r.tags ? splitList(r.tags).join(';') : null
      return {
        id: r.id,
        type: r.type,
        stem: r.stem,
        options: r.type === 'single' || r.type === 'multiple' ? (texts.slice(0, count) as string[]) : [],
        answer: typeof answer === 'string' ? answer : '',
        explanation: r.explanation ?? null,
        lawTitle: r.law,
        article: r.article ?? null,
        tags: tags || null,
      }
    })
}

function answerFor(type: QuestionType, text: string, optionCount: number): string | { problem: string } {
  if (type === 'short') return text
  if (type === 'judge') return parseJudgeAnswer(text) ?? { problem: '判断题答案应为 对 或 错（也可填 √/×、true/false）' }
  const letters = parseChoiceLetters(text)
  if (letters === null) return { problem: '答案应为选项字母，如 A 或 ACD' }
  if (type === 'single' && letters.length !== 1) return { problem: '单选题答案只能是一个字母' }
  const beyond = [...letters].find((l) => LETTERS.indexOf(l) >= optionCount)
  if (beyond && optionCount >= 2) return { problem: `答案中的 ${beyond} 没有对应的选项` }
  return letters
}
