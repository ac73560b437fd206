/** Every Chinese string the quiz and exam features say (chat replies, trigger words, score sheet). */

export const QUIZ_TRIGGERS = { quiz: '答题', exam: '任前考试' } as const

export const TYPE_ZH = { single: '单选题', multiple: '多选题', judge: '判断题', short: '简答题' } as const
export const OUTCOME_ZH = { passed: '通过', deferred: '暂缓任用', withdrawn: '撤回提名' } as const

export interface QuestionView {
  index: number
  total: number
  type: keyof typeof TYPE_ZH
  stem: string
  /** already in the person's (shuffled) order */
  options: string[]
}

const LETTERS = 'ABCDEF'

export const quizCopy = {
  question(v: QuestionView): string {
    const lines = [`第${v.index}/${v.total}题（${TYPE_ZH[v.type]}）${v.stem}`]
    for (const [i, o] of v.options.entries()) lines.push(`${LETTERS[i]}. ${o}`)
    lines.push(quizCopy.howToAnswer(v.type))
    return lines.join('\n')
  },
  howToAnswer(type: keyof typeof TYPE_ZH): string {
    if (type === 'single') return '请回复一个选项字母，如 A'
    if (type === 'multiple') return '请回复全部正确选项的字母，如 ACD'
    if (type === 'judge') return '请回复 对 或 错（也可回复 √ 或 ×）'
    return '请直接回复你的答案'
  },
  quizIntro(title: string, total: number, passScore: number, deadline: string | null): string {
    return `开始《${title}》学法测验：共${total}题，${passScore}分及格${deadline ? `，请于${deadline}前完成` : ''}。`
  },
  quizResume(title: string, answered: number, total: number): string {
    return `继续《${title}》学法测验（已答${answered}/${total}题）。`
  },
  right: '✅ 回答正确！',
  wrong(answerLetters: string): string {
    return `❌ 回答错误。正确答案：${answerLetters}`
  },
  partial(answerLetters: string): string {
    return `⚠️ 少选，得一半分。正确答案：${answerLetters}`
  },
  shortRecorded: '📝 已记录你的答案，将由工作人员评阅。',
  referenceAnswer(text: string): string {
    return `参考答案：${text}`
  },
  explanation(text: string): string {
    return `解析：${text}`
  },
  basis(law: string, article: string | null): string {
    return `依据：《${law}》${article ?? ''}`
  },
  finished(score: number, passScore: number, passed: boolean, pendingShort: number): string {
    const verdict = passed ? '合格 🎉' : '不合格'
    const marking = pendingShort > 0 ? `（另有${pendingShort}道简答题待评阅，评阅后分数可能变化）` : ''
    return `测验完成！得分 ${fmt(score)} 分（${passScore}分及格），${verdict}${marking}`
  },
  madeUp: '已记为补学。',
  retakeHint(policy: 'best' | 'last'): string {
    return `本测验允许重做，计${policy === 'best' ? '最高' : '最后一次'}成绩；回复“答题”可再做一次。`
  },
  alreadyDone(title: string, score: number | null, passed: boolean | null): string {
    return `你已完成《${title}》学法测验${score === null ? '' : `，得分 ${fmt(score)} 分，${passed ? '合格' : '不合格'}`}。`
  },
  nothingPending: '目前没有需要作答的学法测验。',
  notOpenYet(title: string, opens: string): string {
    return `《${title}》学法测验将于${opens}开放，届时回复“答题”即可开始。`
  },
  pastDeadline(title: string, deadline: string): string {
    return `抱歉，《${title}》学法测验已于${deadline}截止，无法再作答。如有特殊情况请联系组织者。`
  },
  expiredSummary(answered: number, total: number, score: number): string {
    return `本次测验已截止：共${total}题，已答${answered}题，未答的题目不计分，得分 ${fmt(score)} 分。`
  },
  singleNeedsOne: '本题为单选题，请只回复一个选项字母，如 A',
  noSuchOption(letter: string, count: number): string {
    return `没有选项 ${letter}，本题的选项为 A–${LETTERS[count - 1]}，请重新回复。`
  },
  alreadyAnswered: '这道题已经作答过了。',
  /** one question of the whole quiz, as the notice lists it */
  listed(index: number, type: keyof typeof TYPE_ZH, stem: string, options: readonly string[]): string {
    return [`${index}.（${TYPE_ZH[type]}）${stem}`, ...options.map((o, i) => `${LETTERS[i]}. ${o}`)].join('\n')
  },
  /** the whole-quiz reply: one line per question */
  verdict(v: {
    index: number
    mark: 'right' | 'partial' | 'wrong' | 'short'
    right: string
    explanation: string | null
    law: string
    article: string | null
  }): string {
    const head =
      v.mark === 'right'
        ? `${v.index}. ✅`
        : v.mark === 'partial'
          ? `${v.index}. ⚠️ 少选，正确答案 ${v.right}`
          : v.mark === 'wrong'
            ? `${v.index}. ❌ 正确答案 ${v.right}`
            : `${v.index}. 📝 待评阅`
    const why = v.explanation ? ` ${v.explanation}` : ''
    return `${head}${why}（《${v.law}》${v.article ?? ''}）`
  },
  wholeMissing(missing: readonly number[], total: number): string {
    return `还缺第${missing.join('、')}题的答案（共${total}题），本次未记录。请按题号把全部答案一次发来，如「1A 2BC 3对」；或回复「答题」逐题作答。`
  },
  wholeTooMany(given: number, total: number): string {
    return `本测验共${total}题，你发来了${given}个答案，本次未记录。请按题号作答，如「1A 2BC 3对」。`
  },
  wholeInvalid(
    reason: 'single_needs_one' | 'no_such_option' | 'judge_needs_tf' | 'unreadable' | 'no_such_question' | 'repeated' | 'unnumbered_after',
    position: number,
    letter?: string,
  ): string {
    const what =
      reason === 'single_needs_one'
        ? `第${position}题为单选题，只能选一个字母`
        : reason === 'no_such_option'
          ? `第${position}题没有选项 ${letter ?? ''}`
          : reason === 'judge_needs_tf'
            ? `第${position}题为判断题，请答 对 或 错`
            : reason === 'no_such_question'
              ? `本测验没有第${position}题`
              : reason === 'repeated'
                ? `第${position}题的答案出现了两次`
                : reason === 'unnumbered_after'
                  ? `第${position}题答案后面的「${letter ?? ''}」没有题号，请每题都写上题号，如「1A 2BC 3对」`
                  : `第${position}题的答案「${letter ?? ''}」无法识别`
    return `${what}，本次未记录，请改正后把全部答案再发一次。`
  },
  wholeShort: '本测验含简答题，请回复「答题」逐题作答。',
  whichQuiz(quizzes: readonly { tag: number; title: string; deadline: string | null }[]): string {
    const list = quizzes.map((q) => `#${q.tag}《${q.title}》${q.deadline ? `（截止${q.deadline}）` : ''}`).join('、')
    return `你有${quizzes.length}个会前测验待完成：${list}。本次未记录，请在答案前加上测验编号再发一次，如「#${quizzes[0]?.tag ?? ''} 1A 2BC 3对」。`
  },
  noSuchQuiz(tag: number): string {
    return `没有编号为 #${tag} 的待答测验，本次未记录。测验编号见学法通知。`
  },
  finishOpenFirst(title: string): string {
    return `你正在逐题作答《${title}》，请先完成它（回复「答题」继续），本次未记录。`
  },
  wholeConflict: '刚才另一条消息已开始或记录了本测验的作答，本条答案未记录。回复「答题」可查看进度并继续。',
  retakeByStep: '如需重做，请回复「答题」逐题作答（重做时选项顺序会变化）。',
}

export const examCopy = {
  groupRefused: '任前法律知识考试只能在与我的私聊中进行，请私聊发送“任前考试”。',
  groupAnswerRefused: '任前法律知识考试只能在私聊中作答，请在与我的私聊中回复答案。',
  noneAssigned: '你目前没有已安排的任前法律知识考试。如有疑问请联系组织者。',
  notOpenYet(opens: string): string {
    return `你的任前法律知识考试将于${opens}开放，届时请私聊发送“任前考试”开始。`
  },
  intro(post: string | null, total: number, minutes: number, passScore: number, makeup: boolean): string {
    return (
      `${makeup ? '【补考】' : ''}任前法律知识考试${post ? `（拟任职务：${post}）` : ''}现在开始：共${total}题，限时${minutes}分钟，` +
      `${passScore}分及格。计时从第一题开始，超时未答的题目记0分。每题作答后立即出下一题。`
    )
  },
  resume(answered: number, total: number, endsAt: string): string {
    return `继续任前法律知识考试（已答${answered}/${total}题），请于${endsAt}前完成。`
  },
  answeredAck(index: number, total: number): string {
    return `已记录第${index}/${total}题的答案。`
  },
  timeUp(answered: number, total: number): string {
    return `考试时间已到：共${total}题，已答${answered}题，未作答的题目记0分。`
  },
  result(score: number, passScore: number, passed: boolean): string {
    return `任前法律知识考试成绩：${fmt(score)} 分（${passScore}分及格），${passed ? '通过' : '未通过'}。`
  },
  makeupOffered: '按规定可补考一次。准备好后请私聊发送“任前考试”开始补考。',
  makeupFailed: '补考未通过，结果将报组织部门处理（暂缓任用或撤回提名）。',
  alreadyPassed(score: number): string {
    return `你已通过任前法律知识考试（${fmt(score)} 分），无需再考。`
  },
  finalFailed: '你的任前法律知识考试与补考均未通过，结果已报组织部门。',
}

export const examAssignCopy = {
  shortfall(type: keyof typeof TYPE_ZH, wanted: number, got: number): string {
    return `题库中可用的${TYPE_ZH[type]}只有${got}道（需要${wanted}道），已全部选用`
  },
}

export const scoreSheetCopy = {
  title: '领导干部任前法律知识考试成绩单',
  name: '姓名',
  unit: '单位',
  post: '拟任职务',
  sitting: '场次',
  first: '首次考试',
  makeup: '补考',
  takenAt: '考试时间',
  score: '成绩',
  passScore: '及格分',
  passed: '是否通过',
  yes: '是',
  no: '否',
  outcome: '结果',
  none: '—',
  detail: '答题明细',
  number: '题号',
  type: '题型',
  law: '依据',
  given: '作答',
  correct: '正确答案',
  mark: '评判',
  right: '✓',
  wrong: '✗',
  unanswered: '未答',
  pending: '待评阅',
  footer: '本成绩单由学法系统生成，供存入干部人事档案。',
}

export function fmt(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1)
}

const bookTitles = (laws: readonly string[]) => laws.map((l) => `《${l}》`).join('、')

/** Why a quiz asked for a session's laws was not made, and which laws the bank has questions of (API, dashboard, chat). */
export function noQuestionsForLawsZh(laws: readonly string[], withQuestions: readonly string[]): string {
  const missing = laws.length ? `题库中没有${bookTitles(laws)}的题目，无法附上会前测试。` : '题库中没有可抽取的题目，无法附上会前测试。'
  return withQuestions.length
    ? `${missing}题库中有题目的法律法规：${bookTitles(withQuestions)}。`
    : `${missing}题库还是空的：请先导入题目（xuefa import questions）。`
}

/** A quiz drawn from some of the session's laws: those the bank has no question of. */
export function someLawsWithoutQuestionsZh(missing: readonly string[]): string {
  return `题库中没有${bookTitles(missing)}的题目，会前测试从其余法律中抽题。`
}
