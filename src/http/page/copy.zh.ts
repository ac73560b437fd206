/** Everything the mobile page behind a personal link says (CONTRACT §8). */

export const EXAM_TITLE_ZH: Record<'appointment' | 'enforcement_cert' | 'annual', string> = {
  appointment: '任前法律知识考试',
  annual: '年度学法考试',
  enforcement_cert: '行政执法资格考试',
}

export const TYPE_ZH = { single: '单选题', multiple: '多选题', judge: '判断题', short: '简答题' } as const

export const PAGE = {
  appName: '学法',
  personalNote: '本页面为你的个人链接，仅限本人使用，请勿转发。',
  notFoundTitle: '页面不存在',
  notFound: '链接无效或已损坏。请使用学法助手发给你的完整链接。',
  expiredTitle: '链接已过期',
  expired: '这个个人链接已过期。',
  revokedTitle: '链接已失效',
  revoked: '这个个人链接已被管理员停用。',
  offerResend: '可以把新的链接发到你与学法助手的私聊中：',
  resendButton: '发送新链接',
  resendLimit: '每10分钟最多发送一次，每天最多3次。',
  resent: '新链接已发送，请在与学法助手的私聊中查收。',
  resendTooSoon: '刚刚已经发送过，请稍后（10分钟后）再试，或查看与学法助手的私聊。',
  resendDayLimit: '今天已经发送过3次新链接，请查看与学法助手的私聊，或明天再试。',
  resendUnbound: '你还没有与学法助手绑定，无法发送。请联系组织者。',
  resendGone: '这项活动或考试已不存在，无法发送新链接。',
  refusedTitle: '无法提交',
  refused: '提交的内容与此链接不符，未被记录。请重新打开你的个人链接。',
  crossSite: '请求来源不正确，未被记录。请在本页面上操作。',
  tooLarge: '提交的内容过长，未被记录。',
  errorTitle: '出错了',
  error: '服务器出错了，请稍后再试。',
  backToPage: '返回',
  // a session
  sessionTime: '时间',
  cancelled: '本次活动已取消。',
  material: '学习材料',
  noMaterial: '本次活动没有随附学习材料。',
  quiz: '学法测验',
  jumpToQuiz: '已读过材料？直接作答 ↓',
  noQuiz: '本次活动没有测验。',
  quizIntro(total: number, passScore: number, deadline: string | null): string {
    return `共${total}题，${passScore}分及格${deadline ? `，请于${deadline}前提交` : ''}。`
  },
  quizNotOpen(opens: string): string {
    return `测验将于${opens}开放，届时可在本页作答。`
  },
  quizClosed: '测验已截止，不能再作答。下方仍可阅读学习材料。',
  answeredInChat: '已在聊天中作答：',
  submit: '提交答卷',
  missing(positions: number[]): string {
    return `还有题目未作答：第${positions.join('、')}题。请全部作答后再提交。`
  },
  stale: '这份答卷已经提交过（或测验已截止），下面是当前的结果。',
  result: '测验结果',
  score(score: string, passScore: number): string {
    return `得分 ${score} 分（${passScore}分及格）`
  },
  passed: '合格',
  failed: '不合格',
  pendingShort(n: number): string {
    return `另有${n}道简答题待评阅，评阅后分数可能变化。`
  },
  retake(policy: 'best' | 'last'): string {
    return `本测验允许重做，计${policy === 'best' ? '最高' : '最后一次'}成绩。`
  },
  retakeButton: '再做一次',
  previousScore(score: string): string {
    return `上次得分 ${score} 分。`
  },
  right: '✓ 正确',
  wrong: '✗ 错误',
  partial: '△ 少选，得一半分',
  pending: '待评阅',
  unanswered: '未作答',
  yourAnswer: '你的答案：',
  rightAnswer: '正确答案：',
  reference: '参考答案：',
  explanation: '解析：',
  basis: '依据：',
  judgeTrue: '对',
  judgeFalse: '错',
  // an exam
  examFacts(total: number, minutes: number, passScore: number): string {
    return `共${total}题，限时${minutes}分钟，${passScore}分及格。`
  },
  proposedPost(post: string): string {
    return `拟任职务：${post}`
  },
  examNotOpen(opens: string): string {
    return `考试将于${opens}开放，届时打开本链接即可开始。`
  },
  examRules: '开始后即计时，时间以服务器为准；超时未作答的题目记0分。作答中途可以关闭页面，再次打开本链接即可继续。',
  makeupIntro: '首次考试未通过，按规定可补考一次（重新抽题）。',
  start: '开始考试',
  startMakeup: '开始补考',
  makeupTag: '【补考】',
  remainingLabel: '剩余时间：',
  remainingMinutes(minutes: number): string {
    return `约 ${minutes} 分钟`
  },
  endsAt(ends: string): string {
    return `（${ends} 截止）`
  },
  saveHint: '选择后点“保存答案”；手机浏览器开启脚本时会自动保存。',
  save: '保存答案',
  handIn: '交卷',
  handInNote: '交卷后不能再修改；未作答的题目记0分。',
  saved: '已保存',
  saveFailed: '保存失败，请点“保存答案”',
  savedCount(n: number): string {
    return `已保存 ${n} 题的答案。`
  },
  answeredCount(answered: number, total: number): string {
    return `已作答 ${answered}/${total} 题`
  },
  sitting(n: number): string {
    return n > 1 ? '补考' : '首次考试'
  },
  sittingLine(score: string, passed: boolean, answered: number, total: number, timedOut: boolean): string {
    return `${score} 分，${passed ? '通过' : '未通过'}（已答${answered}/${total}题${timedOut ? '，考试时间已到' : ''}）`
  },
  examPassed: '你已通过本次考试。',
  examFailedFinal(kind: 'appointment' | 'enforcement_cert' | 'annual'): string {
    return kind === 'appointment' ? '考试与补考均未通过，结果已报组织部门。' : '考试未通过。'
  },
  examClosed: '本次考试已结束。',
  marksLegend: '各题对错（不显示答案）：',
  // a 年度学法考试 (its window, the attempts allowed, the best sitting counts; no make-up)
  annualWindow(opens: string, closes: string): string {
    return `考试时间：${opens} 至 ${closes}`
  },
  annualAttempts(allowed: number, used: number): string {
    return allowed > 1 ? `可考${allowed}次，成绩取最高分；已考${used}次。` : `只能考一次${used > 0 ? '，已考' : ''}。`
  },
  annualSitting(n: number): string {
    return `第${n}次`
  },
  annualSittingLine(score: string, passed: boolean, answered: number, total: number, timedOut: boolean): string {
    return `${score} 分，${passed ? '及格' : '不及格'}（已答${answered}/${total}题${timedOut ? '，考试时间已到' : ''}）`
  },
  annualBest(score: string, passed: boolean, several: boolean): string {
    return `${several ? '成绩（取最高分）' : '成绩'}：${score} 分，${passed ? '及格' : '不及格'}`
  },
  annualRetry(left: number, closes: string): string {
    return `你还可以再考${left}次（${closes}前），成绩取最高分。`
  },
  annualPassed: '你已及格，本次考试已完成。',
  annualUsedUp: '考试次数已用完。',
  annualClosed(closes: string): string {
    return `考试已于${closes}截止。`
  },
  annualNotSat: '你没有参加本次考试。',
  startAgain: '再考一次',
}
