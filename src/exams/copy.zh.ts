/** What officials read about the 年度学法考试 xuefa runs: its notice, its reminder and a sitting's result. */

const fmt = (score: number): string => String(Math.round(score * 10) / 10)

export const annualCopy = {
  /** the default title, e.g. 2024年度学法考试 */
  title(year: number): string {
    return `${year}年度学法考试`
  },
  /** the one notice when the exam opens, with the person's link */
  notice(
    e: { title: string; closes: string; questions: number; minutes: number; passScore: number; attempts: number },
    url: string,
  ): string {
    const tries = e.attempts > 1 ? `可考${e.attempts}次，取最高分` : '只能考一次'
    return (
      `【${e.title}】已开放，请于${e.closes}前完成：共${e.questions}题，限时${e.minutes}分钟，${e.passScore}分及格，${tries}。` +
      `计时从开始作答起，超时未答的题目记0分；截止时未交卷的按已答题目计分。\n` +
      `请打开你的个人考试链接作答（仅限本人使用，请勿转发）：\n${url}`
    )
  },
  /** the one reminder to those who have not started */
  reminder(e: { title: string; closes: string }, url: string): string {
    return `【${e.title}】提醒：考试将于${e.closes}截止，你还没有参加。请打开你的个人考试链接作答：\n${url}`
  },
  result(title: string, score: number, passScore: number, passed: boolean): string {
    return `${title}成绩：${fmt(score)} 分（${passScore}分及格），${passed ? '及格' : '不及格'}。`
  },
  /** a sitting under way, resumed in chat (`答题`) */
  resume(title: string, answered: number, total: number, endsAt: string): string {
    return `继续${title}（已答${answered}/${total}题），请于${endsAt}前完成。也可以打开考试链接在页面上作答。`
  },
  /** a failed sitting with sittings left (before the window closes) */
  retryLeft(left: number, closes: string): string {
    return `你还可以再考${left}次（${closes}前），成绩取最高分。`
  },
}

/** Why scheduling was refused, as the dashboard and the CLI say it. */
export const annualRefusedCopy = {
  window(problem: 'order' | 'past' | 'long', maxDays: number): string {
    if (problem === 'order') return '截止时间必须晚于开考时间。'
    if (problem === 'past') return '截止时间已过，请重新选择考试时间。'
    return `考试时间窗口最长${maxDays}天。`
  },
  noUnit(code: string): string {
    return `没有代码为 ${code} 的单位。`
  },
  noOfficials(code: string): string {
    return `单位 ${code} 及下属单位没有在册人员，无法安排考试。`
  },
  overlap(n: number): string {
    return `其中${n}人已有时间重叠的年度学法考试，请调整考试时间。`
  },
  noQuestions: '题库中没有可用于本次考试的题目（单选、多选、判断）。',
}

/** Why a 任前 exam was refused, as the API's message, the dashboard and the CLI say it. */
export const appointmentRefusedCopy = {
  noOfficial(id: string): string {
    return `没有编号为 ${id} 的人员。`
  },
  opensPast: '开考时间已过，请选择将来的时间。',
  underWay(id: string, examId: number): string {
    return `${id} 已有尚未结束的任前考试（#${examId}），不能重复安排。`
  },
  noQuestions: '题库中没有可用于任前考试的题目（单选、多选、判断）。',
  noExam(id: string): string {
    return `${id} 没有任前法律知识考试记录。`
  },
  notTaken: '该任前考试还没有参加，不能记录结果（暂缓任用、撤回提名也须在考试之后记录）。',
  notPassed: '该人员未通过任前考试，不能记录“通过”。',
  passedOnly: '该人员已通过任前考试，只能记录“通过”。',
  noSitting: '该任前考试还没有人参加，没有成绩单可以生成。',
  notLatest: '只能为该人员最近一次任前考试记录结果。',
  notAppointment(id: number): string {
    return `没有编号为 ${id} 的任前考试。`
  },
}

/** The 成绩单's file name, as the dashboard and the API hand it out. */
export function scoreSheetFileName(name: string): string {
  return `任前法律知识考试成绩单-${name}.docx`
}
