import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { looksLikeAnswer, parseWholeQuiz, quizTagOf, wholeQuizForm, type WholeQuizQuestion } from '../../src/quizzes/grading.rules.js'
import { packMessages, WECHAT_TEXT_MAX } from '../../src/delivery/message-length.js'
import { seededRandom } from '../../src/random.js'
import { materialsNotice } from '../../src/sessions/copy.zh.js'
import { quizCopy } from '../../src/quizzes/copy.zh.js'

const S: WholeQuizQuestion = { type: 'single', optionCount: 4 }
const M: WholeQuizQuestion = { type: 'multiple', optionCount: 4 }
const J: WholeQuizQuestion = { type: 'judge', optionCount: 0 }
/** single, multiple, judge, single, judge */
const QUIZ = [S, M, J, S, J]

describe('parseWholeQuiz', () => {
  const cases: [string, WholeQuizQuestion[], ReturnType<typeof parseWholeQuiz>][] = [
    // the unnumbered run: one character per question
    ['ABCDA', [S, S, S, S, S], { kind: 'answers', numbered: false, values: ['A', 'B', 'C', 'D', 'A'] }],
    ['abcda', [S, S, S, S, S], { kind: 'answers', numbered: false, values: ['A', 'B', 'C', 'D', 'A'] }],
    ['ＡＢＣＤＡ', [S, S, S, S, S], { kind: 'answers', numbered: false, values: ['A', 'B', 'C', 'D', 'A'] }],
    ['AB对C错', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'B', 'T', 'C', 'F'] }],
    ['AB√C×', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'B', 'T', 'C', 'F'] }],
    ['答案：AB对C错。', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'B', 'T', 'C', 'F'] }],
    // separated: one token per question, so a multiple-choice answer can have several letters
    ['A BCD 对 C 错', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'BCD', 'T', 'C', 'F'] }],
    ['A，DCB，对，C，错', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'BCD', 'T', 'C', 'F'] }],
    ['a, bcd, t, c, f', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'BCD', 'T', 'C', 'F'] }],
    // the chat joins 对 错 into 对错 (no space between Chinese characters): still two answers
    ['A BC 对错 D', [S, M, J, J, S], { kind: 'answers', numbered: false, values: ['A', 'BC', 'T', 'F', 'D'] }],
    // the quiz's number in front picks the quiz; it is not an answer
    ['#12 1A 2BC 3对 4D 5错', QUIZ, { kind: 'answers', numbered: true, values: ['A', 'BC', 'T', 'D', 'F'] }],
    ['＃１２ ABCDA', [S, S, S, S, S], { kind: 'answers', numbered: false, values: ['A', 'B', 'C', 'D', 'A'] }],
    ['#12', QUIZ, { kind: 'none' }],
    // numbered, in any order, with the usual punctuation
    ['1A 2BC 3对 4D 5错', QUIZ, { kind: 'answers', numbered: true, values: ['A', 'BC', 'T', 'D', 'F'] }],
    ['1A2BC3对4D5错', QUIZ, { kind: 'answers', numbered: true, values: ['A', 'BC', 'T', 'D', 'F'] }],
    ['1.A，2、B C；3:√ 4)d 5-×', QUIZ, { kind: 'answers', numbered: true, values: ['A', 'BC', 'T', 'D', 'F'] }],
    ['１Ａ ２ＢＣ ３对 ４Ｄ ５错', QUIZ, { kind: 'answers', numbered: true, values: ['A', 'BC', 'T', 'D', 'F'] }],
    ['5错 4D 3对 2CB 1A', QUIZ, { kind: 'answers', numbered: true, values: ['A', 'BC', 'T', 'D', 'F'] }],
    ['1A 3对', QUIZ, { kind: 'answers', numbered: true, values: ['A', null, 'T', null, null] }],
    // partial and unusable
    ['AB', QUIZ, { kind: 'answers', numbered: false, values: ['A', 'B', null, null, null] }],
    ['A', QUIZ, { kind: 'answers', numbered: false, values: ['A', null, null, null, null] }],
    ['ABCDAB', [S, S, S, S, S], { kind: 'invalid', reason: 'too_many', position: 6 }],
    ['AB对CA', QUIZ, { kind: 'invalid', reason: 'judge_needs_tf', position: 5 }],
    ['1AB 2C 3对 4D 5错', QUIZ, { kind: 'invalid', reason: 'single_needs_one', position: 1 }],
    ['1E 2C 3对 4D 5错', QUIZ, { kind: 'invalid', reason: 'no_such_option', position: 1, letter: 'E' }],
    ['1A 2C 3对 4D 6错', QUIZ, { kind: 'invalid', reason: 'no_such_question', position: 6 }],
    ['1A 1B', QUIZ, { kind: 'invalid', reason: 'repeated', position: 1 }],
    ['对A', QUIZ, { kind: 'invalid', reason: 'unreadable', position: 1, letter: '对' }],
    ['AB', [S, { type: 'short', optionCount: 0 }], { kind: 'invalid', reason: 'short', position: 2 }],
    // what a person may type, read as they mean it (review of issue 16)
    ['1A2B3C', [S, S, S], { kind: 'answers', numbered: true, values: ['A', 'B', 'C'] }],
    ['1 A 2 B', [S, S, S], { kind: 'answers', numbered: true, values: ['A', 'B', null] }],
    ['1、对 2、错', [J, J], { kind: 'answers', numbered: true, values: ['T', 'F'] }],
    ['10A', Array(12).fill(S), { kind: 'answers', numbered: true, values: [...Array(9).fill(null), 'A', null, null] }],
    ['1A2B3C4D5A6B7C8D9A10B11C12D', Array(12).fill(S), { kind: 'answers', numbered: true, values: [...'ABCDABCDABCD'] }],
    ['１Ａ２ＢＣ３对', [S, M, J], { kind: 'answers', numbered: true, values: ['A', 'BC', 'T'] }],
    // unnumbered, a multiple-choice question takes the one letter given (the notice: 每题只选一个字母时也可按顺序连写)
    ['ABCDA', [S, M, S, S, S], { kind: 'answers', numbered: false, values: ['A', 'B', 'C', 'D', 'A'] }],
    ['A,B,C,D,A', [S, M, S, S, S], { kind: 'answers', numbered: false, values: ['A', 'B', 'C', 'D', 'A'] }],
    // …so the multiple-choice letters run on: one answer too many, nothing recorded
    ['ABCCDA', [S, M, S, S, S], { kind: 'invalid', reason: 'too_many', position: 6 }],
    // a judge question in the run takes only 对/错: the letter there is refused, not shifted
    ['ABCDA', QUIZ, { kind: 'invalid', reason: 'judge_needs_tf', position: 3 }],
    // numbered and unnumbered mixed: letters after a number are that question's (as in `2 B C`), so question 2 is
    // never filled from them; when they make question 1's answer unusable, the hint names them, not question 1
    ['1A BC 3对', [S, M, J], { kind: 'invalid', reason: 'unnumbered_after', position: 1, letter: 'BC' }],
    ['1A 2B C 3对', [S, S, J], { kind: 'invalid', reason: 'unnumbered_after', position: 2, letter: 'C' }],
    ['1A BC 3对', [M, M, J], { kind: 'answers', numbered: true, values: ['ABC', null, 'T'] }],
    // a sentence with letters is no answer; 我选A is one answer (the rest then missing)
    ['ABC公司', QUIZ, { kind: 'none' }],
    ['OK的', QUIZ, { kind: 'none' }],
    ['我选A', QUIZ, { kind: 'answers', numbered: false, values: ['A', null, null, null, null] }],
    // not an answer at all
    ['你好', QUIZ, { kind: 'none' }],
    ['签到', QUIZ, { kind: 'none' }],
    ['123456', QUIZ, { kind: 'none' }],
    ['2024年3月5日', QUIZ, { kind: 'none' }],
    ['OK', QUIZ, { kind: 'none' }],
    ['I AM OK', QUIZ, { kind: 'none' }],
    ['', QUIZ, { kind: 'none' }],
  ]
  it.each(cases)('%j', (raw, questions, expected) => {
    expect(parseWholeQuiz(raw, questions)).toEqual(expected)
  })

  it('tells a person who mixed the forms which letters lack their number, not that question 1 is wrong', () => {
    const parsed = parseWholeQuiz('1A BC 3对', [S, M, J])
    expect(parsed.kind === 'invalid' && quizCopy.wholeInvalid('unnumbered_after', parsed.position, parsed.letter)).toBe(
      '第1题答案后面的「BC」没有题号，请每题都写上题号，如「1A 2BC 3对」，本次未记录，请改正后把全部答案再发一次。',
    )
  })

  it('names the form before knowing the quiz, and the router takes both forms as answer-shaped', () => {
    expect(wholeQuizForm('1A 2BC 3对')).toBe('numbered')
    expect(wholeQuizForm('ABCDA')).toBe('unnumbered')
    expect(wholeQuizForm('帮助')).toBeNull()
    expect(quizTagOf('#12 1A 2BC')).toBe(12)
    expect(quizTagOf('＃ 7 ABCDA')).toBe(7)
    expect(quizTagOf('1A 2BC')).toBeNull()
    expect(looksLikeAnswer('1A 2BC 3对')).toBe(true)
    expect(looksLikeAnswer('AB对C错')).toBe(true)
    expect(looksLikeAnswer('我的学法')).toBe(false)
  })

  it('never throws, and never reads more answers than questions, whatever is typed (fuzz)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...'ABCDEFGXYZabcdef0123456789 ,，、;；.:)-#＃对错√×✓✗正确误是否答案选择：。！🙂\n\t１２ＡＢ'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    )
    const text = fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(''))
    fc.assert(
      fc.property(text, (raw) => {
        const parsed = parseWholeQuiz(raw, QUIZ)
        if (parsed.kind === 'answers') {
          expect(parsed.values).toHaveLength(QUIZ.length)
          for (const [j, v] of parsed.values.entries()) {
            if (v === null) continue
            if (QUIZ[j]!.type === 'judge') expect(v).toMatch(/^[TF]$/)
            else expect(v).toMatch(QUIZ[j]!.type === 'single' ? /^[A-D]$/ : /^[A-D]{1,4}$/)
          }
        } else if (parsed.kind === 'invalid') {
          // a hint names a question (or, for a number out of range, the number typed — 0 included)
          expect(parsed.position).toBeGreaterThanOrEqual(parsed.reason === 'no_such_question' ? 0 : 1)
        }
        // the router's shape test and the parse agree on what is not an answer
        if (wholeQuizForm(raw) === null) expect(parsed).toEqual({ kind: 'none' })
      }),
      { numRuns: 3000 },
    )
  })
})

describe('packMessages', () => {
  it('keeps what fits in one message, joined by blank lines', () => {
    expect(packMessages(['a', '', 'b'], 10)).toEqual(['a\n\nb'])
  })
  it('starts a new message where the next block would pass the limit, never cutting a block that fits', () => {
    expect(packMessages(['aaaa', 'bbbb', 'cc'], 10)).toEqual(['aaaa\n\nbbbb', 'cc'])
    expect(packMessages(['aaaaaa', 'bbbbbb'], 10)).toEqual(['aaaaaa', 'bbbbbb'])
  })
  it('cuts a longer block at its line ends, and a longer line every `max` characters (counted in characters, not bytes)', () => {
    expect(packMessages(['一二三\n四五六\n七', 'x'], 7)).toEqual(['一二三\n四五六', '七\n\nx'])
    expect(packMessages(['一二三四五六七八九十'], 4)).toEqual(['一二三四', '五六七八', '九十'])
    expect(packMessages(['🙂🙂🙂'], 2)).toEqual(['🙂🙂', '🙂'])
    // a line longer than a message first fills what is left of the current one
    expect(packMessages(['ab', 'cdefghij'], 5)).toEqual(['ab\n\nc', 'defgh', 'ij'])
  })
  it('never makes a message over the WeChat limit, and loses no character', () => {
    const random = seededRandom('pack-fuzz')
    for (let i = 0; i < 200; i++) {
      const blocks = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        Array.from({ length: Math.floor(random() * 1500) }, () => (random() < 0.05 ? '\n' : '法')).join(''),
      )
      const out = packMessages(blocks)
      for (const m of out) expect([...m].length).toBeLessThanOrEqual(WECHAT_TEXT_MAX)
      // no two neighbours could have been one message
      for (let j = 1; j < out.length; j++) expect([...out[j - 1]!].length + 2 + [...out[j]!].length).toBeGreaterThan(WECHAT_TEXT_MAX)
      const kept = (xs: string[]) => xs.join('').replace(/\n/g, '')
      expect(kept(out)).toBe(kept(blocks))
    }
  })
})

describe('materialsNotice', () => {
  const s = { title: '学习行政复议法', startsAt: '2024-03-05T07:00:00.000Z', body: '县政府常务会议', laws: ['中华人民共和国行政复议法'] }
  const checkIn = { opensMinutesBefore: 15 }
  const quiz = { tag: 12, deadlineAt: '2024-03-06T07:00:00.000Z', questions: ['1.（判断题）甲', '2.（单选题）乙\nA. 一\nB. 二'] }
  const short = [{ title: '行政复议法学习材料', bodyMd: '第一段。\n\n第二段。' }]
  const long = [{ title: '行政复议法学习材料', bodyMd: `${'依法行政'.repeat(50)}\n\n${'第二段。'.repeat(600)}` }]

  it('is one message carrying the material, the whole quiz, how to answer it in one message, and 签到', () => {
    const [notice, ...more] = materialsNotice(s, short, quiz, checkIn, 'Asia/Shanghai', null)
    expect(more).toEqual([])
    expect(notice).toBe(
      [
        '【会前学法】县政府常务会议「学习行政复议法」将于3月5日 15:00举行。',
        '学习内容：《中华人民共和国行政复议法》',
        '行政复议法学习材料\n第一段。\n\n第二段。',
        '【会前测验 #12】共2题，截止3月6日 15:00。',
        '1.（判断题）甲',
        '2.（单选题）乙\nA. 一\nB. 二',
        '作答：把全部答案按题号在一条消息里回复，如「1A 2BC 3对」（多选题写全部字母，判断题写 对 或 错）；每题只选一个字母时也可按顺序连写，如「ABCDA」。同时有几个测验待答时，在答案前加上编号，如「#12 1A 2BC 3对」。回复「答题」则一次一题作答。',
        '会议开始前15分钟起可回复「签到」。',
      ].join('\n\n'),
    )
  })

  it('with a link, adds it under the heading; a notice too long for one message then carries the first part of each material', () => {
    const link = 'https://xuefa.example.gov.cn/m/abc'
    const [withLink, ...more] = materialsNotice(s, short, quiz, checkIn, 'Asia/Shanghai', link)
    expect(more).toEqual([])
    expect(withLink).toContain('第二段。') // it fits: the full text
    // the link right under the heading, before the text one scrolls through
    expect(withLink!.split('\n\n')[1]).toBe(`在手机上阅读全文并作答：${link}`)
    const summarised = materialsNotice(s, long, quiz, checkIn, 'Asia/Shanghai', link)
    expect(summarised).toHaveLength(1)
    expect(summarised[0]).toContain(`行政复议法学习材料\n${'依法行政'.repeat(30)}……`)
    expect(summarised[0]).not.toContain('第二段')
    expect(summarised[0]).toContain('2.（单选题）乙')
    // without a link there is nowhere else to read it: the full text, in as few messages as fit
    const full = materialsNotice(s, long, quiz, checkIn, 'Asia/Shanghai', null)
    expect(full).toHaveLength(2)
    expect(full.join('').match(/第二段。/g)).toHaveLength(600)
  })

  it('without the quiz in it (short-answer questions) asks for 答题', () => {
    const [notice] = materialsNotice(s, short, { tag: 12, deadlineAt: null, questions: null }, checkIn, 'Asia/Shanghai', null)
    expect(notice).toContain('会前测验已发布，请回复「答题」开始作答。')
    expect(notice).not.toContain('1A 2BC 3对')
  })
})
