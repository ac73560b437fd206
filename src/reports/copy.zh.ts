/** Every Chinese label the report, its renderers and the ledger show (the narrative's sentences live in narrative.zh.ts). */
import type { SessionKind } from './report.types.js'

export const KIND_LABELS: Record<SessionKind, string> = {
  pre_meeting: '会前学法',
  lecture: '法治专题讲座',
  topic_study: '法治专题学习',
  court_hearing: '旁听庭审',
  all_staff_training: '全员法治培训',
  enforcement_training: '执法人员培训',
  appointment_training: '任职培训法律课程',
  other: '其他学法活动',
}

export const TARGET_LABELS: Record<string, string> = {
  topic_study: '领导班子法治专题学习',
  lecture: '法治专题讲座',
  court_hearing: '旁听庭审',
  all_staff_training: '全员法治培训',
  appointment_coverage: '任前法律知识考试参考率',
  appointment_training_hours: '任职培训法律课程学时（每次最少）',
  pre_meeting_coverage: '常务会议会前学法覆盖率',
}

export const ALL_UNITS_NAME = '全部单位'
export const NO_BODY = '（未注明会议）'

export const ATTENDANCE_LABELS: Record<string, string> = {
  present: '出席',
  late: '迟到',
  excused: '请假',
  absent: '缺席',
  makeup: '补学',
}

export const EXAM_LABELS: Record<string, string> = {
  appointment: '任前法律知识考试',
  enforcement_cert: '行政执法资格考试',
  annual: '年度学法考试',
}

/** Where a mark or a result came from (the ledger's 来源 column). */
export const SOURCE_LABELS: Record<string, string> = {
  import: '文件导入',
  chat: '学法助手',
  auto: '系统自动',
  api: '接口',
  ui: '看板',
  oa: 'OA 系统',
  makeup: '完成补学测验',
}

export const OUTCOME_LABELS: Record<string, string> = { passed: '通过', deferred: '暂缓任用', withdrawn: '撤回提名' }

export const YES = '是'
export const NO = '否'
export const NOT_APPLICABLE = '不适用'
export const MET = '达标'
export const NOT_MET = '未达标'

export const REPORT_TITLE = (year: number, unitName: string): string => `${unitName}${year}年度领导干部学法情况`
export const SECTION_HEADING = '本年度党政主要负责人履行推进法治建设第一责任人职责情况'

/** In place of the narrative when the year has nothing to write about: what is missing and what to do. */
export const EMPTY_YEAR = (year: number): string =>
  `${year}年度还没有已举办的学法活动或考试成绩，暂无可写入报告的内容。请先安排学法活动并在活动结束后记录出勤（看板「新建活动」，或在「导入」页依次导入单位、人员、学法活动、出勤记录），有了记录后再生成本报告。`

export const TABLE = {
  narrative: '情况综述',
  figures: '统计数据',
  sessions: '学法活动',
  kind: '类型',
  count: '次数',
  body: '会议名称',
  laws: '学习法律法规',
  law: '法律法规',
  lawSessions: '学习次数',
  attendance: '出勤情况',
  quizzes: '会前学法测试',
  exams: '考试情况',
  targets: '目标完成情况',
  target: '目标',
  required: '要求',
  actual: '实际',
  met: '是否达标',
  item: '项目',
  value: '数值',
  thisYear: (y: number) => `${y}年`,
  charts: '图表',
  heldTotal: '学法活动合计',
  hours: '累计学法学时',
  expected: '应参学人次',
  rate: '出勤率',
  personTimes: '参学人次',
  people: '参学人数',
  assigned: '应参加人次',
  completed: '完成人次',
  completionRate: '完成率',
  averageScore: '平均分',
  quizPassRate: '合格率',
  examPassRate: '通过率',
  annualPassRate: '及格率',
  candidates: '应考人数',
  tested: '参考人数',
  coverage: '参考率',
  passed: '通过人数',
  makeups: '补考人次',
  deferred: '暂缓任用',
  withdrawn: '撤回提名',
  sittings: '期数',
  examPersonTimes: '参考人次',
  enrolled: '应考人数',
  participationRate: '参考率',
  reach: '各类学法活动参学情况',
}

export const CHART = {
  /** named after the series drawn: 「各月出勤率与测试完成率」, or 「各月出勤率」 in a year without quizzes */
  monthlyTitle: (series: string[]) => `各月${series.join('与')}`,
  attendanceRate: '出勤率',
  completionRate: '测试完成率',
  month: (m: number) => `${m}月`,
  byKindTitle: '各类学法活动次数',
}

export const LEDGER = {
  title: (year: number, unitName: string) => `${unitName}${year}年度学法台账`,
  /** the first row of every printed sheet */
  printTitle: (year: number, unitName: string, sheet: string, exportedAt: string) =>
    `${unitName}${year}年度学法台账·${sheet}（导出时间：${exportedAt}）`,
  /** Excel's footer codes: &P this page, &N the pages */
  pageFooter: '&C第 &P 页，共 &N 页',
  /** the only row of a sheet with nothing in it for the year and unit */
  noRows: '本年度没有记录',
  sheets: {
    sessions: '学法活动',
    attendance: '出勤记录',
    quizzes: '测试记录',
    candidates: '任前考试对象',
    annual: '年度学法考试对象',
    exams: '考试成绩',
    studyList: '年度学法清单',
    questions: '题目分析',
    laws: '法律法规正确率',
  },
  headers: {
    sessions: [
      '活动编号',
      '类型',
      '主题',
      '开始时间',
      '组织单位代码',
      '组织单位',
      '会议名称',
      '会议届次',
      '学时',
      '主讲人',
      '学习法律法规',
    ],
    attendance: ['活动编号', '活动主题', '活动时间', '人员编号', '姓名', '单位代码', '出勤情况', '计为参学', '备注', '来源', '标记时间'],
    quizzes: ['活动编号', '活动主题', '测试编号', '重做规则', '人员编号', '姓名', '单位代码', '是否完成', '计分次序', '成绩', '是否合格'],
    candidates: ['人员编号', '姓名', '单位代码', '本年考试次数', '是否通过', '补考次数', '结果'],
    annual: ['人员编号', '姓名', '单位代码', '考试次数', '最高成绩', '是否及格'],
    exams: ['考试', '人员编号', '姓名', '单位代码', '考试时间', '成绩', '通过/及格', '第几次', '拟任职务', '结果', '来源'],
    studyList: ['单位代码', '单位', '法律法规', '适用人员', '是否已学习', '学习活动编号', '应学人数', '已学人数', '未学人员'],
    questions: [
      '题目编号',
      '题型',
      '题干',
      '法律法规',
      '作答次数',
      '答对次数',
      '正确率（%）',
      '区分度',
      '错误答案最集中的选项',
      '选该项次数',
      '存疑原因',
    ],
    laws: ['法律法规', '题目数', '作答次数', '答对次数', '正确率（%）'],
  },
  /** the exams sheet's verdict in each exam's own term: 通过 for 任前 and 执法资格, 及格 for the 年度学法考试 (as the narrative) */
  verdict: (examKind: string, passed: boolean): string =>
    examKind === 'annual' ? (passed ? '及格' : '不及格') : passed ? '通过' : '未通过',
  retakes: { none: '不可重做', best: '取最高分', last: '取最后一次' } as Record<string, string>,
}

export const FILE_NAMES = {
  report: (year: number, unitName: string, ext: string) => `${unitName}${year}年度学法报告.${ext}`,
  ledger: (year: number, unitName: string, ext: string) => `${unitName}${year}年度学法台账.${ext}`,
}

/** The year's 学法清单 (study-list.rules.ts): who a law applies to, the narrative's sentence, the dashboard's and 台账's words. */
export const STUDY_LIST = {
  appliesTo: { all: '全体人员', leaders: '领导班子成员', principals: '主要负责人', enforcement: '执法人员' } as Record<string, string>,
  /**
   * one sentence; `units` with a list (several: the same law in two lists counts twice, hence 项), `rate` already
   * written as a percentage, `missing` the titles not yet studied (at most three)
   */
  sentence: (p: { units: number; listed: number; studied: number; rate: string; missing: string[]; moreMissing: boolean }) =>
    (p.units > 1
      ? `${p.units}个单位的年度学法清单共列明法律法规${p.listed}项，已组织学习${p.studied}项，清单完成率${p.rate}`
      : `年度学法清单列明法律法规${p.listed}部，已组织学习${p.studied}部，清单完成率${p.rate}`) +
    (p.missing.length ? `，${p.missing.map((t) => `《${t}》`).join('')}${p.moreMissing ? '等' : ''}尚未学习` : '') +
    '。',
  title: '年度学法清单',
  intro:
    '各单位年度学法清单所列法律法规的学习情况：本单位、上级或下级单位当年举办的学法活动学习了该法即为已学习；人数为清单适用人员中参加了这类活动或完成了含该法题目测试的人数 / 年末在册的适用人员数。',
  header: ['法律法规', '适用人员', '是否已学习', '学习活动次数', '已学人数 / 应学人数'],
  unitCaption: (name: string, studied: number, listed: number, rate: string) => `${name}：已学习 ${studied} / ${listed} 部，完成率 ${rate}`,
  studied: '已学习',
  notStudied: '未学习',
}

/** What each question teaches (question-stats.rules.ts): the 台账 sheets, the chart and the dashboard page share these words. */
export const QUESTION_STATS = {
  answered: '作答次数',
  right: '答对次数',
  facility: '正确率',
  discrimination: '区分度',
  distractor: '错误答案最集中的选项',
  distractorCount: '选该项次数',
  reasons: '存疑原因',
  question: '题目',
  questionId: '题目编号',
  type: '题型',
  law: '法律法规',
  questions: '题目数',
  accuracy: '正确率',
  tooHard: '正确率低于20%：题目过难，或答案有误',
  tooEasy: '正确率高于95%：题目过易',
  oneDistractor: (option: string, count: number, percent: number) =>
    `错误答案多数集中在「${option}」（${count}次，占错误答案${percent}%）：请核对该选项与答案`,
  lawChartTitle: '各法律法规答题正确率',
}

/** The province roll-up (issue 19): its Markdown's title, columns and notes. */
export const ROLLUP = {
  title: (year: number) => `${year}年度各县（市、区）学法情况汇总`,
  fileName: (year: number, ext: string) => `${year}年度学法情况汇总.${ext}`,
  total: '合计',
  none: '—',
  noCounties: '尚未登记任何县（市、区）：请先用 xuefa county add 登记。',
  header: [
    '县（市、区）',
    '举办学法活动（次）',
    '学时',
    '应参加（人次）',
    '参加（人次）',
    '参学率',
    '参学人数（人）',
    '测验完成率',
    '测验平均分',
    '任前考试（人）',
    '任前考试通过率',
    '执法资格考试（人次）',
    '执法资格考试通过率',
    '年度学法考试参考率',
    '年度学法考试通过率',
  ],
  /** under the table: how people are counted in the total */
  note: '合计中，人次、活动次数、学时和考试期数为各县之和；人数按人员编号去重计算（同一编号、同一姓名出现在几个县的花名册中，视为调动的同一人，只计一次）；各项比率由合计数重新计算，不是各县比率的平均。',
  moved: (n: number) => `在几个县的花名册中出现的同一人员（调动）：${n}人，合计中各计一次。`,
  movedRow: (id: string, counties: string) => `${id}：${counties}`,
  sameIdOtherName: (n: number) => `人员编号相同而姓名不同、按不同人员计算的：${n}个编号，请核对各县花名册。`,
}
