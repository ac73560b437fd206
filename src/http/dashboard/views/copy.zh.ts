/** Every Chinese string the dashboard shows (labels of kinds and statuses come from session.rules.ts). */

import type { BotState } from '../../../delivery/bot-state.js'

export const APP_NAME = '学法管理'

export const NAV = {
  skip: '跳到正文',
  calendar: '活动日历',
  sessions: '活动列表',
  newSession: '新建活动',
  exams: '考试',
  bot: '机器人',
  schedules: '定时推送',
  imports: '导入',
  report: '年度报告',
  logout: '退出登录',
  label: '主导航',
}

export const ROLE_ZH: Record<string, string> = { admin: '管理员', organizer: '组织者', reporter: '报告撰写人' }

export const LOGIN = {
  title: '登录',
  intro: '请输入组织者、报告撰写人或管理员的访问令牌（向系统管理员索取）。',
  token: '访问令牌',
  submit: '登录',
  wrong: '令牌无效、已撤销或已过期。',
  throttled: (s: number) => `失败次数过多，请 ${s} 秒后再试。`,
  loggedOut: '已退出登录。',
}

export const ERRORS = {
  title: (status: number) => `出错了（${status}）`,
  forbidden: '您没有权限查看或修改这项内容：它不在您的令牌所辖单位范围内，或您的角色不能执行此操作。',
  csrf: '表单已过期或来源不明（缺少有效的防伪令牌），未作任何修改。请返回页面刷新后重试。',
  notFound: '找不到这个页面或记录。',
  invalid: '提交的内容有误，未作任何修改。请返回页面检查后重试。',
  conflict: '这项操作与记录的当前状态冲突（可能刚被他人修改），未作任何修改。请刷新页面后重试。',
  sessionCancelled: '这项活动已取消，不能再修改或登记出勤。',
  sessionNotStarted: '活动尚未开始：开始前只能登记请假；出席、迟到、缺席和补学请在活动开始后登记。',
  internal: '服务器内部错误，请稍后再试。',
  /** a form over its body limit: `size` is the limit already written for people (e.g. 1 MB) */
  tooLarge: (size: string) => `提交的内容超过 ${size} 的上限，未作任何修改。`,
  /** an import file over XUEFA_BODY_LIMIT */
  fileTooLarge: (size: string) =>
    `文件超过导入上限 ${size}（XUEFA_BODY_LIMIT），未导入任何内容。请拆分成几个文件分批导入，或请管理员调高上限。`,
  back: '返回首页',
}

export const FILTERS = {
  legend: '筛选',
  year: '年度',
  month: '月份',
  unit: '单位',
  kind: '类型',
  status: '状态',
  any: '全部',
  apply: '筛选',
  prevMonth: '上个月',
  nextMonth: '下个月',
}

export const SESSIONS = {
  listTitle: (year: number) => `${year}年学法活动`,
  calendarTitle: (year: number, month: number) => `${year}年${month}月学法活动日历`,
  count: (n: number) => `共 ${n} 项`,
  none: '没有符合条件的活动。',
  weekdays: ['一', '二', '三', '四', '五', '六', '日'],
  columns: { time: '时间', title: '主题', kind: '类型', unit: '组织单位', status: '状态', laws: '学习法律法规', actions: '操作' },
  open: '查看',
  more: (n: number) => `另有 ${n} 项`,
}

export const FORM = {
  newTitle: '新建学法活动',
  editTitle: (title: string) => `修改活动：${title}`,
  kind: '类型',
  title: '主题',
  startsAt: '开始时间',
  pastHint:
    '开始时间已过的活动，保存后记为「已举办」：应参学人员中未标记出勤的记为缺席，不发送任何通知。时间填错了，改回将来的时间即重新计划。',
  pastAsk: (when: string) =>
    `开始时间 ${when} 已经过去：保存后本次活动记为「已举办」，应参学人员中未标记出勤的记为缺席，不发送任何通知。确认请勾选「确认记为已举办」后再保存；时间填错了请改为将来的时间。`,
  pastConfirm: '确认记为已举办',
  unit: '组织单位',
  body: '会议名称（如 县政府常务会议）',
  meetingNo: '会议届次（如 第12次）',
  hours: '学时',
  presenter: '主讲人',
  bankLaws: '题库中有题目的法律法规',
  bankLawsHint: '会前测试从勾选的法律中抽题；题库中有学习材料的，随通知一并发送。',
  bankLawsNone: '题库中还没有题目：请先导入题库（xuefa import questions），否则无法设置会前测试。',
  bankLaw: (title: string, questions: number) => `《${title}》（${questions} 题）`,
  laws: '学习法律法规（上面未列出的，每行一部，或用“、”分隔；可写简称如“行政复议法”，按全称记录）',
  status: '状态',
  audience: '参学对象',
  audienceHint: '不勾选单位时，参学对象为组织单位及其下级单位的全体人员。',
  audienceUnits: '参学单位',
  leadersOnly: '仅领导班子成员',
  quiz: '会前测试',
  quizCount: '随机抽题数量（0 表示不设测试）',
  passScore: '及格分',
  save: '保存',
  cancelSession: '取消这项活动',
  cancelHint: '取消后该活动不再计入统计，出勤记录保留备查；取消后不能恢复。',
  required: '必填',
  errors: '请修改以下内容：',
  badTime: '开始时间格式应为 YYYY-MM-DD HH:mm。',
  badTitle: '请填写主题。',
  /** a field with a control or invisible character (src/text.ts) */
  invisible: (field: string, codePoint: string, position: number) =>
    `「${field}」的第 ${position} 个字是不可见字符或控制字符（${codePoint}），请删去后重新填写（常见于从网页或聊天中复制的内容）。`,
  fieldNames: { title: '主题', unitCode: '组织单位', body: '会议名称', meetingNo: '会议届次', presenter: '主讲人' },
  badHours: '学时应为不小于 0 的数字。',
  badCount: '抽题数量应为 0 到 100 的整数。',
  badPass: '及格分应为 0 到 100 之间的数字。',
}

export const DETAIL = {
  overview: '活动信息',
  edit: '修改',
  attendance: '出勤登记',
  quiz: '测试成绩',
  created: '已保存。',
  quizCreated: '已保存，并已设置会前测试。',
  quizFailed: '活动已保存，但未附上会前测试。',
  cancelled: '活动已取消。',
  saved: (n: number) => `已保存出勤登记，更新 ${n} 条。`,
  expected: (n: number) => `应到 ${n} 人`,
  name: '姓名',
  id: '人员编号',
  unit: '单位',
  mark: '出勤情况',
  unmarked: '（未登记）',
  markedBy: '登记人',
  markedAt: '登记时间',
  saveMarks: '保存出勤登记',
  page: (p: number, n: number) => `第 ${p} / ${n} 页`,
  prev: '上一页',
  next: '下一页',
  noPeople: '没有应参学人员。',
  cancelledNoMarks: '活动已取消，不能再登记出勤。',
  readOnly: '您的角色只能查看，不能修改。',
  timeline: '发送计划',
  timelineAt: '时间',
  timelineStep: '事项',
  timelineState: '状态',
  noTimeline: '没有发送计划（已举办或已取消的活动不再发送）。',
}

export const TIMELINE_STEP_ZH: Record<string, string> = {
  materials: '推送学习材料和会前测试通知',
  reminder: '提醒未完成测试（或未签到）的人员',
  checkin_opens: '开放签到',
  checkin_closes: '签到截止（开始后签到记为迟到）',
  close: '结束：未登记者记为缺席，发送小结',
  notice: '通知时间调整或取消',
  makeup: '向请假人员发送补学材料',
}

/** The check-in window opens and closes by the clock: nothing is sent. */
export const CLOCK_STATE_ZH: Record<string, string> = { planned: '未到时间', done: '已过', cancelled: '已取消' }

export const TIMELINE_STATE_ZH: Record<string, string> = {
  planned: '待发送',
  running: '进行中',
  done: '已完成',
  failed: '失败',
  cancelled: '已取消',
}

export const QUIZ = {
  title: (t: string) => `测试成绩：${t}`,
  none: '这项活动没有会前测试。',
  summary: (done: number, passed: number, pass: number) => `已完成 ${done} 人，及格 ${passed} 人（${pass} 分及格）。`,
  columns: {
    name: '姓名',
    unit: '单位',
    state: '状态',
    score: '成绩',
    passed: '是否及格',
    finishedAt: '完成时间',
    attempts: '作答次数',
    sheet: '答卷',
  },
  sheet: '查看答卷',
  states: { open: '作答中', finished: '已完成', expired: '已超时', closed: '已关闭' } as Record<string, string>,
  yes: '及格',
  no: '不及格',
}

export const ANSWERS = {
  title: (name: string, title: string) => `答卷：${name} · ${title}`,
  /** an exam's quiz has no title of its own, and its sheet goes back to the exams page */
  exam: '任前法律知识考试',
  examsPage: '考试',
  person: '作答人',
  attempt: '作答',
  attemptNo: (n: number, state: string) => `第 ${n} 次（${state}）`,
  score: '成绩',
  scoreLine: (score: number, pass: number, passed: boolean | null) => `${score} 分（${pass} 分及格，${passed ? '及格' : '不及格'}）`,
  hint: '简答题需要人工评判；自动判分有误时也可改判。改判会记下改判人和理由，成绩随之重算，原答案保留。',
  columns: { n: '题号', question: '题目', right: '正确答案', given: '作答', mark: '判定', correct: '改判' },
  none: '（未作答）',
  marks: { right: '正确', wrong: '错误', pending: '待评判', unanswered: '未作答' } as Record<string, string>,
  correctedBy: (by: string, reason: string) => `${by} 改判：${reason}`,
  markLabel: (n: number) => `第 ${n} 题的判定`,
  reasonLabel: (n: number) => `第 ${n} 题改判的理由`,
  reasonPlaceholder: '理由（必填）',
  asRight: '判为正确',
  asWrong: '判为错误',
  correct: '改判',
  corrected: (n: number) => `第 ${n} 题已改判，成绩已重新计算。`,
  noReason: '请写明改判的理由。',
}

export const SCHEDULES = {
  title: '定时推送',
  intro:
    '按时向群机器人推送未来七天的学法活动清单（本周学法清单）。时间按本地时区计；默认只在法定工作日推送：节假日跳过这一次；按“周一至周五”（1-5）设置的，调休上班的周末也推送。',
  none: '还没有定时推送。',
  columns: {
    name: '名称',
    when: '时间（分 时 日 月 星期）',
    days: '推送日',
    unit: '单位',
    next: '下次推送',
    last: '上次推送',
    state: '状态',
    actions: '操作',
  },
  workdays: '法定工作日',
  allDays: '含节假日和周末',
  allUnits: '全部单位',
  on: '启用',
  off: '停用',
  enable: '启用',
  disable: '停用',
  remove: '删除',
  add: '新建定时推送',
  name: '名称',
  cron: '时间',
  cronHint: '「分 时 日 月 星期」五项，例如 0 9 * * 1 表示每周一 9:00；0 8 * * 1-5 表示工作日每天 8:00。',
  unit: '推送到哪个单位的群机器人（含下级单位）',
  everyDayLabel: '节假日和周末也推送',
  save: '保存',
  badName: '请填写名称。',
  saved: '定时推送已保存。',
  enabled: '定时推送已启用。',
  disabled: '定时推送已停用。',
  removed: '定时推送已删除。',
  badCron: '时间写法有误，请按「分 时 日 月 星期」五项填写，用空格分隔。',
  noUnit: (code: string) => `单位 ${code} 不存在。`,
  notSaved: '未能保存，请检查填写的内容。',
  nameTaken: (name: string) => `名称「${name}」已被您管理范围以外的定时推送使用，请换一个名称。`,
}

export const EXAMS = {
  title: (year: number) => `${year}年考试`,
  appointment: '任前法律知识考试',
  none: '本年度没有任前考试对象。',
  columns: {
    name: '姓名',
    unit: '单位',
    post: '拟任职务',
    opensAt: '考试时间',
    sittings: '考试次数',
    best: '最高分',
    passed: '是否通过',
    outcome: '结果',
  },
  states: { assigned: '待考', passed: '通过', failed: '未通过', makeup_assigned: '待补考', closed: '已结束' } as Record<string, string>,
  outcomes: { passed: '通过', deferred: '暂缓任用', withdrawn: '撤回提名' } as Record<string, string>,
  pending: '待考',
  actions: '操作',
  record: '记录结果',
  outcomeLabel: (name: string) => `${name}的考试结果`,
  sheet: '下载成绩单',
  recorded: (name: string, outcome: string) => `已记录${name}的任前考试结果：${outcome}。`,
  badOutcome: '请选择考试结果：通过、暂缓任用或撤回提名。',
  noSuchExam: '没有这场任前考试，或不在你管理的单位。',
  assign: {
    heading: '安排任前考试',
    fieldNames: { officialId: '人员', proposedPost: '拟任职务' },
    intro:
      '为拟任职干部安排任前法律知识考试：题目从题库抽取（单选20、多选10、判断10）。已绑定微信的人员收到一条附个人考试链接的私信，' +
      '也可私聊发送“任前考试”开始；未通过可补考一次。',
    official: '考试对象',
    choose: '请选择',
    post: '拟任职务',
    opensAt: '开考时间',
    minutes: '限时（分钟）',
    passScore: '及格分',
    save: '安排考试',
    done: (name: string) => `已为${name}安排任前法律知识考试。`,
    noOfficial: '请选择本单位及下属单位的在册人员。',
    noPost: '请填写拟任职务。',
    badTime: '开考时间格式有误，请重新选择。',
    badMinutes: '限时应为5到600之间的整数（分钟）。',
    badScore: '及格分应为0到100之间的数。',
  },
}

export const BOT = {
  title: '微信机器人',
  state: '状态',
  states: {
    stopped: '已停止',
    starting: '启动中',
    waiting_scan: '等待扫码登录',
    logged_in: '已登录',
    logged_out: '已退出登录，正在自动重连',
    error: '启动失败，正在自动重试',
  } satisfies Record<BotState, string>,
  notWired: '微信机器人未启用：这台服务器启动时没有配置微信接入，机器人不会收发任何消息。',
  enableIntro: '启用方法（由系统管理员在运行 xuefa 的服务器上操作）：',
  enableSteps: [
    '向微信接入服务商（例如企业微信或 pad 协议的 Wechaty 服务）申请接入令牌；',
    '在启动 xuefa 的环境里设置两个变量：WECHATY_PUPPET（接入方式，例如 wechaty-puppet-service）和 WECHATY_PUPPET_SERVICE_TOKEN（服务商给的令牌）；并确认没有设置 XUEFA_BOT=off；',
    '重启 xuefa（npm start），再回到本页，用作为机器人的微信扫描页面上的二维码登录。',
  ],
  enableMore: '多个机器人账号、每个账号的令牌等设置见 README「2. The WeChat bot」一节。',
  scanHint: '请用要作为机器人的微信扫描下方二维码登录。页面不会自动刷新，扫码后请手动刷新。',
  qrLabel: '微信登录二维码',
  qrWithheld: '机器人正在等待扫码登录。登录二维码只向全县的管理人员显示，请联系县级组织者或系统管理员扫码。',
  refresh: '刷新',
  account: (name: string) => `机器人账号 ${name}`,
  accountScanHint: (name: string) => `请用作为机器人账号「${name}」的微信扫描下方二维码登录。每个账号用各自的微信扫码，扫码后请手动刷新。`,
  apps: '企业微信 / 钉钉应用',
  appsIntro: '这些应用与微信机器人共用同一套指令；人员在哪个应用上绑定，通知和提醒就从哪个应用发给他。应用用 xuefa channel add 设置。',
  appPlatforms: { wecom: '企业微信自建应用', dingtalk: '钉钉企业内部应用' },
  appColumns: ['应用', '名称', '状态', '回调地址', '已绑定', '待发送', '发送失败', '最近的错误'],
  appOn: '启用',
  appOff: '停用',
}

export const IMPORTS = {
  title: '导入数据',
  intro: '上传 CSV 或 XLSX 文件（第一行为表头，中英文列名均可）。任何一行有误时不导入任何内容，并列出全部问题。',
  kind: '数据类型',
  kinds: {
    units: '单位',
    officials: '人员名单',
    sessions: '学法活动',
    attendance: '出勤记录',
    questions: '题库',
    'exam-results': '考试成绩',
    handles: '群机器人@账号',
    'study-list': '年度学法清单',
  } as Record<string, string>,
  file: '文件',
  dryRun: '仅检查，不写入（试导入）',
  submit: '上传并导入',
  readOnly: '导入需要管理员或组织者令牌；只读令牌不能导入。',
  scoped: (unit: string) =>
    `您的令牌限于 ${unit} 及下级单位：可导入这些单位的人员名单、学法活动、出勤记录、考试成绩和年度学法清单，每一行都会检查；单位和题库是全县数据，需由不限单位的管理员导入。`,
  countyWide: (kind: string) => `${kind}是全县数据，需由不限单位的管理员令牌导入；您的令牌限于本单位及下级单位。`,
  confirmLeavers: '确认标记离开（名单将使某单位超过一半的现有人员标记为离开时需勾选）',
  ok: (rows: number, ins: number, upd: number, same: number, removed?: number) =>
    `共 ${rows} 行：新增 ${ins}，更新 ${upd}，未变 ${same}${removed ? `，移出 ${removed}` : ''}。`,
  dryOk: '试导入通过，未写入任何数据。',
  failed: (n: number) => `发现 ${n} 个问题，未导入任何数据：`,
  warnings: (n: number) => `请注意 ${n} 行（照常导入，但不计入统计）：`,
  columns: { line: '行号', column: '列', message: '问题' },
  noFile: '请选择要上传的文件。',
  formats: '文件格式与模板',
  order:
    '首次导入请按这个顺序：单位 → 人员名单 → 学法活动 → 出勤记录（后一类引用前一类的编号，顺序颠倒会报「不存在」）。题库和考试成绩可在人员名单之后随时导入。',
  formatsIntro: '模板是只有表头的 CSV 文件（UTF-8，可直接用 Excel 或 WPS 打开填写，保存时请选「CSV UTF-8」）。带 * 的列必须填写。',
  formatColumns: { kind: '数据类型', columns: '列（* 为必填）', template: '模板' },
  template: (kind: string) => `下载「${kind}」模板`,
  templateFile: (kind: string) => `${kind}-导入模板.csv`,
  organizers: '设置组织者（统计、提醒、安排学法，活动汇总私聊发送）',
}

export const ORGANIZERS = {
  title: '组织者',
  intro:
    '组织者可在微信里使用「统计」「提醒」「安排学法」，并在每次学法活动结束后私聊收到情况汇总。也可在导入人员名单时用「是否组织者」列设置。',
  none: '目前没有组织者。',
  columns: { id: '编号', name: '姓名', unit: '单位', action: '操作' },
  remove: '取消组织者',
  officialId: '人员编号',
  add: '设为组织者',
  added: '已设为组织者。',
  removed: '已取消组织者。',
  notFound: (id: string) => (id === '' ? '请填写人员编号。' : `没有编号为「${id}」的人员。`),
  left: (name: string) => `${name}已离开，不能设为组织者。`,
}

export const REPORT = {
  title: (year: number, unit: string) => `${unit}${year}年度学法报告（预览）`,
  narrative: '情况综述（可直接粘贴）',
  charts: '图表',
  noCharts: '暂无图表：本年度还没有已举办的学法活动。',
  tables: '统计数据',
  downloads: '下载',
  docx: '下载 Word（DOCX）',
  md: '下载文本（Markdown）',
  ledger: '下载台账（XLSX）',
  rounded: '人数写约数（如「300余人次」「百余人」）',
}

/** Who set a mark, from the audit actor written with it. */
export function actorLabel(actor: string | null): string | null {
  if (actor === null) return null
  if (actor.startsWith('token:')) return `令牌 #${actor.slice(6)}`
  if (actor.startsWith('official:')) return `本人（${actor.slice(9)}）`
  if (actor === 'system' || actor === 'auto') return '系统（自动）'
  if (actor === 'cli') return '命令行'
  return actor
}

export function audienceLabel(unitNames: string[], officials: number, leadersOnly: boolean, defaultUnit: string): string {
  const who = unitNames.length ? unitNames.join('、') : `${defaultUnit}及下级单位`
  return `${who}${officials ? `，另指定 ${officials} 人` : ''}${leadersOnly ? '（仅领导班子成员）' : ''}`
}

export const CAPACITY_PAGE = {
  title: '发送容量',
  unit: '单位',
  date: '统计日期',
  show: '查看',
  lead: '本单位及下级单位的全部在册人员，按一次活动向所有人发送通知估算：需要多长时间发完、当天额度是否够用。具体活动能否按时发完，请在活动页面查看。',
  unitLink: '查看本单位全部人员的发送容量',
  columns: {
    account: '账号',
    people: '已绑定人数',
    fanout: '预计发完用时',
    capLeft: '当天剩余额度',
  },
}

/** The 题目分析 page (what each question teaches); the column words are the 台账's (reports/copy.zh.ts QUESTION_STATS). */
export const QUESTIONS_PAGE = {
  link: '题目分析',
  title: (year: number, unit: string) => `${unit}${year}年度题目分析`,
  counted: (attempts: number, answers: number) => `计入统计的答卷 ${attempts} 份，作答 ${answers} 题次。`,
  which:
    '计入的答卷：本年度已举办且属本单位及下级单位的学法活动的测试，和本年度开考、考生属本单位及下级单位的考试；已交卷（考试含到时自动交卷）且已全部评分；同一人同一测试只计第一次。',
  how: '正确率＝答对次数÷作答次数。区分度：把作答该题的答卷按总分排序，取前三分之一与后三分之一（各取作答数÷3，向下取整），区分度＝（前组答对数－后组答对数）÷每组份数，在−1到1之间，越高越能区分掌握好与不好的人；作答少于3次不计算。正确率低于20%或高于95%、或错误答案多数集中在同一选项的题目标为「存疑」（作答至少5次才标）。',
  laws: '各法律法规正确率',
  questions: '各题统计（最难的在前）',
  dubious: '存疑',
  flagged: (n: number) => `存疑题目 ${n} 道。`,
  truncated: (shown: number, all: number) => `仅显示前 ${shown} 道（共 ${all} 道），完整列表见台账「题目分析」表。`,
  empty: '本年度还没有计入统计的答卷。',
  back: '返回学法报告',
}
