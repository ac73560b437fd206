/** Every word the chat bot says, and every trigger word it listens for. */

export const TRIGGERS = {
  bind: ['绑定'],
  checkin: ['签到'],
  leave: ['请假'],
  record: ['我的学法', '学法记录'],
  help: ['帮助', '菜单', 'help', '?'],
  stats: ['统计'],
  remind: ['提醒'],
  schedule: ['安排学法'],
  confirm: ['确认'],
  cancel: ['取消'],
} as const

/** What a person's account is called on each channel they can write on: the chat's words follow it (`copyFor`). */
const ACCOUNT_WORD: Record<string, string> = { 'wecom-app': '企业微信账号', 'dingtalk-app': '钉钉账号' }

const unbound = (account: string) =>
  `您好！您的${account}还没有与学法名册绑定。请向组织者索取一次性绑定码，然后发送「绑定 绑定码」，例如：绑定 123456`
const help = (account: string) =>
  [
    '可用的指令：',
    `绑定 绑定码 —— 把本${account}与学法名册绑定（只需一次）`,
    '签到 —— 在学法活动的签到时间内签到（何时开始签到，见活动通知）',
    '请假 原因 —— 为下一次学法活动请假，之后会收到补学材料',
    '答题 —— 开始或继续待完成的学法测试（一次一题）',
    '1A 2BC 3对 —— 一条消息答完整套测验（题目见学法通知）',
    '我的学法 —— 查看本年度的学法记录',
    '任前考试 —— 开始已安排的任前法律知识考试',
    '帮助 —— 显示本说明',
  ].join('\n')
const bindAlready = (account: string) => (name: string) => `本${account}已绑定为「${name}」，无需重复绑定。如需更换，请联系组织者。`

export const COPY = {
  apology: '抱歉，系统暂时出了点问题，请稍后再试。如多次出现，请联系组织者。',
  unknown: '没有听懂这条消息。发送「帮助」查看可用的指令。',
  tooFast: '消息发得太快了，机器人先暂停回复，请过十分钟再发。',
  tooManyToday: '今天发来的消息太多了，机器人暂停回复，请明天再发。',
  /** WeChat's words; a message that came in on an application is answered in its words (`copyFor`) */
  unbound: unbound('微信'),
  help: help('微信'),
  helpOrganizer: [
    '组织者指令：',
    '统计 —— 当前（或最近一次）学法活动的出勤和答题情况',
    '提醒 —— 提醒未签到、未答题的人员',
    '安排学法 时间 会议 《法律》 —— 安排一次会前学法，例如：安排学法 3月5日 9:00 县政府常务会议 《中华人民共和国行政复议法》',
  ].join('\n'),
  notOrganizer: '这条指令仅限组织者使用。',

  bindUsage: '请发送「绑定」加上6位绑定码，例如：绑定 123456',
  bindOk: (name: string) => `绑定成功！${name}，您好。今后学法通知、签到、请假和测试都可以在这里完成。发送「帮助」查看指令。`,
  bindAlready: bindAlready('微信'),
  bindWrong: (left: number) => `绑定码不正确，请核对后重新发送。${left > 0 ? `（一小时内还可尝试${left}次）` : ''}`,
  bindExpired: '这个绑定码已过期，请向组织者索取新的绑定码。',
  bindUsed: '这个绑定码已经使用过了。如不是您本人使用，请联系组织者。',
  /** the person is bound elsewhere: on another WeChat, or on an application */
  bindTaken: '该人员已绑定其他账号。如需更换，请联系组织者。',
  bindLocked: (until: string) => `绑定码错误次数过多，已暂停绑定，请于${until}后再试。`,

  checkinOk: (title: string) => `签到成功：${title}。`,
  checkinLate: (title: string, minutes: number) => `已签到（迟到${minutes}分钟）：${title}。`,
  checkinAgain: (title: string, status: string) => `您已签到过了（${status}）：${title}，无需重复签到。`,
  checkinExcused: (title: string) => `您已为「${title}」请假。如已到场，请联系组织者更改。`,
  checkinNotYet: (title: string, opensAt: string) => `「${title}」的签到将于${opensAt}开放，请届时再发送「签到」。`,
  checkinNone: '当前没有可以签到的学法活动（签到时间以活动通知为准）。',

  leaveUsage: '请在「请假」后写明原因，例如：请假 外出开会',
  leaveOk: (title: string, when: string) => `已为您登记请假：${title}（${when}）。活动结束后会把补学材料发给您。`,
  leaveAgain: (title: string) => `您已为「${title}」请过假了，原因已更新。`,
  leaveAlreadyIn: (title: string) => `您已签到「${title}」，无需请假。`,
  leaveNone: '近期没有需要您参加的学法活动，无需请假。',

  recordHeader: (year: number, name: string) => `${name}，您${year}年的学法记录：`,
  recordSessions: (n: number, hours: number) => `参加学法活动 ${n} 次，累计 ${hours} 学时`,
  recordAttendance: (parts: string) => `出勤：${parts}`,
  recordQuizzes: (done: number, assigned: number) => `学法测试：完成 ${done} / ${assigned}`,
  recordEmpty: (year: number) => `您${year}年还没有学法记录。`,

  statsNone: '您所在单位近期没有学法活动。',
  statsHeader: (title: string, when: string) => `「${title}」（${when}）`,
  statsAttendance: (expected: number, parts: string, unmarked: number) => `应到 ${expected} 人：${parts}，未签到 ${unmarked} 人`,
  statsQuiz: (done: number, expected: number) => `学法测试：已完成 ${done} / ${expected}`,
  statsNoQuiz: '本次活动没有学法测试。',

  remindCheckin: (title: string) => `提醒：「${title}」即将开始或正在进行，请发送「签到」签到；如不能参加，请发送「请假 原因」。`,
  remindQuiz: (title: string) => `提醒：您还没有完成「${title}」的学法测试，请发送「答题」开始。`,
  remindDone: (names: string) => `已提醒：${names}。`,
  remindUnreached: (names: string) => `未能提醒（尚未绑定或发送失败）：${names}。`,
  remindNobody: '目前没有需要提醒的人：应到人员都已签到并完成测试，或者签到、答题已经截止。',

  scheduleUsage: '格式：安排学法 时间 会议 《法律》，例如：安排学法 3月5日 9:00 县政府常务会议 《中华人民共和国行政复议法》',
  scheduleBadTime: (text: string) => `没能识别时间「${text}」。请写成「3月5日 9:00」或「2024-03-05 09:00」。未创建任何活动。`,
  scheduleInvisible: (codePoint: string) =>
    `这条安排里有看不见的字符或控制字符（${codePoint}），常见于从网页或文档中复制的文字。请手动输入后重新发送。未创建任何活动。`,
  schedulePast: '这个时间已经过去了，请安排一个将来的时间。未创建任何活动。',
  scheduleDraft: (when: string, body: string, laws: string, noQuiz: string | null) =>
    `将安排一次会前学法：\n时间：${when}\n会议：${body}\n学习：${laws}\n${noQuiz ? `${noQuiz}\n` : ''}回复「确认」创建，回复「取消」放弃。`,
  scheduleNoLaws: '（未指定，可稍后补充）',
  scheduleCreated: (title: string, when: string) => `已创建会前学法「${title}」（${when}），学习材料和测试将按计划发送。`,
  /** created without its quiz: why, and which laws the bank has questions of */
  scheduleCreatedNoQuiz: (title: string, when: string, why: string) =>
    `已创建会前学法「${title}」（${when}），学习材料将按计划发送。${why}`,
  scheduleCreatedHeld: (title: string, when: string) =>
    `开始时间已过：会前学法「${title}」（${when}）已记为已举办，未登记出勤的应参学人员记为缺席，不再发送学习材料。如时间有误，请在管理后台改为将来的时间。`,
  scheduleCancelled: '已放弃这次安排。',
  scheduleNoDraft: '没有待确认的安排。请先发送「安排学法 时间 会议 《法律》」。',
  scheduleTitle: (body: string) => `${body}会前学法`,
  scheduleDefaultBody: '会前学法',
} as const

type Copy = typeof COPY
const ON_ACCOUNT: Record<string, Copy> = Object.fromEntries(
  Object.entries(ACCOUNT_WORD).map(([channel, account]) => [
    channel,
    { ...COPY, unbound: unbound(account), help: help(account), bindAlready: bindAlready(account) },
  ]),
)

/** The chat's words for a message that came in on `channel` (IncomingMessage.channel): WeChat's unless it is an application. */
export function copyFor(channel: string): Copy {
  return ON_ACCOUNT[channel] ?? COPY
}
