/** Every Chinese line the demo prints: its progress, what the simulated people say, and the report's summary. */

export const STEPS = 13

const QUIZ_WAYS = {
  whole: '照通知在微信里一条消息答完全部题目（如「1A 2BC 3对」）',
  page: '点开通知里的链接，在手机页面作答',
  step: '发送「答题」逐题作答',
} as const

export const DEMO_COPY = {
  step: (n: number, text: string) => `[${String(n).padStart(2, ' ')}/${STEPS}] ${text}`,
  detail: (text: string) => `        ${text}`,
  banner: (year: number, seed: number) => `学法（xuefa）离线演示：模拟河阳县${year}年的学法工作（随机种子 ${seed}，模拟微信，不联网）`,
  started: (dir: string) => `临时目录：${dir}`,

  county: (units: number, people: number, leaders: number, enforcement: number) =>
    `建立演示县：河阳县人民政府及${units - 1}个部门，干部${people}人（领导班子成员${leaders}人，执法人员${enforcement}人）`,
  bank: (questions: number, materials: number) => `题库：${questions}道题、${materials}份学习材料`,
  history: (sessions: number, marks: number, exams: number) =>
    `导入纸质台账（CSV）：往年和今年已举办的学法活动${sessions}场、签到记录${marks}条、行政执法资格考试成绩${exams}条`,
  scheduled: (body: string, no: string, when: string, law: string) => `组织者通过 API 安排会前学法：${body}${no}，${when}，学习《${law}》`,
  scheduledDetail: (audience: number, questions: number) => `应参学：领导班子成员${audience}人；会前测验${questions}题，学习材料已关联`,
  bound: (n: number, example: string) => `发放一次性绑定码，${n}名干部在微信中发送「绑定 绑定码」完成绑定（如：${example}）`,
  materials: (when: string, n: number, messages: number) =>
    `${when}：推送会前学法通知，${n}人收到；每人${messages === 1 ? '一' : messages}条消息，含学习材料、全部测验题目和本人的答题链接`,
  quizzed: (n: number) => `${n}人完成会前测验：`,
  quizWay: (way: 'whole' | 'page' | 'step', n: number, passed: number, avg: string) =>
    `${QUIZ_WAYS[way]}：${n}人，${passed}人合格，平均${avg}分`,
  quizPerson: (name: string, score: string, marks: string) => `${name} ${marks} ${score}分`,
  leave: (name: string, reason: string) => `${name}发送「请假 ${reason}」，已登记请假`,
  reminded: (when: string, names: string) => `${when}：会前提醒未完成测验的人员（${names}）`,
  remindedDone: (name: string, score: string) => `${name}点开提醒里的链接，在手机页面完成测验，${score}分`,
  checkins: (when: string, onTime: number, lateName: string, minutes: number) =>
    `${when}起开放签到：${onTime}人按时发送「签到」，${lateName}迟到${minutes}分钟`,
  closed: (when: string, absentName: string, leaveName: string) =>
    `${when}：活动自动结束，未签到的${absentName}记为缺席；向请假的${leaveName}推送补学材料和补学测验`,
  makeup: (name: string, score: string) => `${name}照补学通知在微信里一条消息答完补学测验（${score}分），系统自动登记为「补学」`,
  messagesPerPerson: (n: string) => `本次会前学法每人平均收到${n}条消息，含签到回复、提醒和补学材料（以前逐题作答约14条）`,
  examAssigned: (name: string, post: string, when: string, questions: number) =>
    `组织者安排任前法律知识考试：${name}（拟任${post}），${when}开考，${questions}题；${name}收到一条带个人考试链接的通知`,
  examSitting: (label: string, score: string, passed: boolean) => `${label}：${score}分，${passed ? '通过' : '未通过'}`,
  firstSitting: '首次考试（点开通知里的链接，在手机页面限时作答）',
  makeupSitting: '补考（点开成绩消息里的补考链接）',
  annualScheduled: (title: string, unit: string, n: number, opens: string, closes: string) =>
    `组织者通过 API 安排${title}：${unit}${n}人，${opens}至${closes}在手机页面作答，每人收到一条带个人考试链接的通知`,
  annualTaken: (n: number, passed: number, avg: string, absent: string) => `参考${n}人，及格${passed}人，平均${avg}分；${absent}未参加`,
  report: (year: number) => `生成${year}年度报告、Word 文档和台账`,

  reportTitle: (year: number, unit: string) => `══════ ${unit} ${year}年度学法情况（年度报告摘要） ══════`,
  narrativeHeading: '【报告段落】（可直接用于「党政主要负责人履行推进法治建设第一责任人职责情况」）',
  figuresHeading: '【主要数据】',
  figSessions: (held: number, pre: number, body: string, lectures: number, hours: number) =>
    `学法活动：举办${held}场（${body}会前学法${pre}次、法治专题讲座${lectures}次），累计${hours}学时`,
  figAttendance: (a: { expected: number; present: number; late: number; excused: number; makeup: number; absent: number }, rate: string) =>
    `出勤：应参学${a.expected}人次，出席${a.present}、迟到${a.late}、请假${a.excused}、补学${a.makeup}、缺席${a.absent}，出勤率${rate}`,
  figQuizzes: (assigned: number, completed: number, completion: string, pass: string, avg: string) =>
    `会前学法测试：应参加${assigned}人次，完成${completed}人次，完成率${completion}，合格率${pass}，平均分${avg}分`,
  figAppointment: (candidates: number, tested: number, coverage: string, passed: number, pass: string, makeups: number) =>
    `任前法律知识考试：应考${candidates}人，参考${tested}人，参考率${coverage}，通过${passed}人，通过率${pass}，补考${makeups}人次`,
  figAnnual: (enrolled: number, tested: number, rate: string, pass: string, avg: string) =>
    `年度学法考试：应考${enrolled}人，参考${tested}人，参考率${rate}，及格率${pass}，平均分${avg}分`,
  figEnforcement: (sittings: number, personTimes: number, pass: string) =>
    `行政执法资格考试：${sittings}期${personTimes}人次，通过率${pass}`,
  figPrevious: (year: number, rate: string) => `上一年（${year}年）出勤率${rate}`,
  files: '【文件】',
  docx: (path: string) => `年度报告（Word）：${path}`,
  xlsx: (path: string) => `台账（Excel）：${path}`,
  dbRemoved: '演示数据库已删除；加 --keep 可保留数据库并打开管理页面。',
  elapsed: (seconds: string) => `演示用时 ${seconds} 秒`,

  keepStarting: (db: string) => `保留演示数据库：${db}，正在启动服务……`,
  keepReady: (base: string, token: string) =>
    [
      `服务已启动（Ctrl+C 停止）：`,
      `  管理页面   ${base}/ui   （登录令牌：${token}）`,
      `  API 文档   ${base}/docs`,
      `  健康检查   ${base}/healthz`,
    ].join('\n'),
  /** where the kept database stays, and how to open it again; said when the server starts and when it stops */
  keptAt: (db: string) =>
    `演示数据库保留在 ${db}（不会自动删除）。再次打开：XUEFA_DB_URL=file:${db} XUEFA_BOT=off npx xuefa serve；不再需要时删除这个文件（连同同名的 -wal、-shm 文件）。`,
  failed: (message: string) => `演示中断：${message}`,
  portTaken: (port: number, db: string) =>
    `端口 ${port} 已被占用：请用 PORT=其他端口 npm run demo -- --keep 重试。本次的演示数据库保留在 ${db}，可以删除。`,

  leaveReasons: ['赴市里参加全市安全生产工作会议', '带队到乡镇督导防汛工作', '参加省委党校专题培训'] as const,
  botName: '学法助手',
  meetingTitle: (law: string) => `学习《${law}》`,
  presenter: '黄立新（县司法局局长）',
  tokenLabel: '演示：县司法局组织者',
  right: '✓',
  wrong: '✗',
  none: '无',
} as const

/**
 * How the demo recognises the bot's messages it waits for: the beginnings of texts written in
 * src/jobs/timeline.copy.zh.ts and src/quizzes/copy.zh.ts (exact texts are compared where the demo knows them).
 */
export const BOT_SAYS = {
  materials: '【会前学法】',
  reminder: '【学法提醒】',
  makeupMaterial: '【补学】',
  question: /^第\d+\/\d+题/,
  score: /(?:得分|成绩：)\s*([\d.]+)\s*分/,
  quizDone: '测验完成',
  verdictRight: (position: number) => `${position}. ✅`,
  quizPassed: '，合格',
  examResult: '任前法律知识考试成绩',
  examMakeupIntro: '【补考】',
  examPassed: '，通过。',
  material: (law: string) => `《${law}》学习材料`,
} as const

/** How the demo reads the mobile page's result (src/http/page/views.tsx): the score as in chat, a pass in its green line. */
export const PAGE_SAYS = {
  passed: /<p class="ok">合格<\/p>/,
  /** a 年度学法考试's best sitting: the score, 及格 or 不及格 */
  annualResult: /成绩(?:（取最高分）)?：([\d.]+) 分，(及格|不及格)/,
  annualPassed: '及格',
} as const
