/**
 * The records an organizer brings in from paper: earlier 会前学法 and a 法治专题讲座 of the demo year and the
 * year before, their attendance sheets and one 行政执法资格考试 sitting per year — as the CSV files of
 * CONTRACT §2, with the counts the report must show for them.
 */
import { addLocalDays, weekdayOf } from '../calendar.js'
import { COUNTY_CODE, ENFORCEMENT, LEADERS, OFFICIALS, toCsv, type DemoOfficial } from './county.js'
import type { Random } from './random.js'

export type MarkStatus = 'present' | 'late' | 'excused' | 'makeup' | 'absent'
export type MarkCounts = Record<MarkStatus, number>

export const STATUS_ZH: Record<MarkStatus, string> = { present: '出席', late: '迟到', excused: '请假', makeup: '补学', absent: '缺席' }
export const STANDING_MEETING = '县政府常务会议'

export interface PastSession {
  id: string
  kind: 'pre_meeting' | 'lecture'
  title: string
  startsAt: string
  meetingNo: string | null
  hours: number
  law: string
  presenter: string
  audience: readonly DemoOfficial[]
}

export interface YearHistory {
  sessions: PastSession[]
  marks: MarkCounts
  enforcement: { sittingAt: string; personTimes: number; passed: number }
}

export interface History {
  years: Record<number, YearHistory>
  sessionsCsv: string
  attendanceCsv: string
  examResultsCsv: string
}

export const emptyCounts = (): MarkCounts => ({ present: 0, late: 0, excused: 0, makeup: 0, absent: 0 })

/** The first `weekday` (0 = Sunday) on or after a local date. */
export function weekdayOnOrAfter(ymd: string, weekday: number): string {
  let d = ymd
  while (weekdayOf(d) !== weekday) d = addLocalDays(d, 1)
  return d
}

function pastSessions(year: number, recent: boolean): PastSession[] {
  const tue = (md: string) => weekdayOnOrAfter(`${year}-${md}`, 2)
  const thu = (md: string) => weekdayOnOrAfter(`${year}-${md}`, 4)
  const pre = (no: number, date: string, law: string, presenter: string): PastSession => ({
    id: `HY-${year}-CW${String(no).padStart(2, '0')}`,
    kind: 'pre_meeting',
    title: `学习《${law}》`,
    startsAt: `${date} 09:00`,
    meetingNo: `第${no}次`,
    hours: 0.5,
    law,
    presenter,
    audience: LEADERS,
  })
  if (recent) {
    return [
      pre(6, tue('03-10'), '优化营商环境条例', '谢国庆（县市场监督管理局局长）'),
      {
        id: `HY-${year}-JZ01`,
        kind: 'lecture',
        title: '《中华人民共和国民法典》与政府依法行政专题讲座',
        startsAt: `${thu('05-14')} 14:30`,
        meetingNo: null,
        hours: 2,
        law: '中华人民共和国民法典',
        presenter: '省委党校法学教研部教授',
        audience: OFFICIALS,
      },
      pre(11, tue('06-16'), '中华人民共和国行政处罚法', '黄立新（县司法局局长）'),
    ]
  }
  return [
    pre(5, tue('04-08'), '中华人民共和国行政许可法', '黄立新（县司法局局长）'),
    pre(14, tue('08-19'), '重大行政决策程序暂行条例', '刘明辉（县政府办公室主任）'),
    {
      id: `HY-${year}-JZ01`,
      kind: 'lecture',
      title: '学习宣传贯彻宪法专题讲座',
      startsAt: `${thu('11-27')} 14:30`,
      meetingNo: null,
      hours: 2,
      law: '中华人民共和国宪法',
      presenter: '市中级人民法院法官',
      audience: OFFICIALS,
    },
  ]
}

/** One mark per person; the year before was a little less diligent, so the report has a change to show. */
function drawStatus(random: Random, recent: boolean): MarkStatus {
  const r = random.next()
  const [present, late, excused, makeup] = recent ? [0.84, 0.89, 0.93, 0.97] : [0.76, 0.82, 0.87, 0.91]
  if (r < present) return 'present'
  if (r < late) return 'late'
  if (r < excused) return 'excused'
  if (r < makeup) return 'makeup'
  return 'absent'
}

export function buildHistory(random: Random, year: number): History {
  const years: Record<number, YearHistory> = {}
  const sessionRows: (string | number | null)[][] = []
  const markRows: (string | number | null)[][] = []
  const examRows: (string | number | null)[][] = []
  for (const y of [year - 1, year]) {
    const recent = y === year
    const sessions = pastSessions(y, recent)
    const marks = emptyCounts()
    for (const s of sessions) {
      const kindZh = s.kind === 'pre_meeting' ? '会前学法' : '法治专题讲座'
      const body = s.kind === 'pre_meeting' ? STANDING_MEETING : null
      const leadersOnly = s.audience === LEADERS ? '是' : '否'
      sessionRows.push([
        s.id,
        kindZh,
        s.title,
        s.startsAt,
        COUNTY_CODE,
        body,
        s.meetingNo,
        s.hours,
        s.law,
        s.presenter,
        '已举办',
        leadersOnly,
      ])
      for (const o of s.audience) {
        const status = drawStatus(random, recent)
        marks[status]++
        markRows.push([s.id, o.id, STATUS_ZH[status], status === 'makeup' ? '会后自学补学材料' : status === 'excused' ? '公务外出' : null])
      }
    }
    const sittingAt = `${weekdayOnOrAfter(`${y}-${recent ? '07-08' : '09-09'}`, 6)} 09:00`
    let passed = 0
    for (const o of ENFORCEMENT) {
      const score = random.int(recent ? 55 : 46, 98)
      if (score >= 60) passed++
      examRows.push(['执法资格考试', o.id, sittingAt, score, 1])
    }
    years[y] = { sessions, marks, enforcement: { sittingAt, personTimes: ENFORCEMENT.length, passed } }
  }
  return {
    years,
    sessionsCsv: toCsv(
      ['编号', '类型', '主题', '开始时间', '组织单位', '会议名称', '会议届次', '学时', '学习法律法规', '主讲人', '状态', '仅领导干部'],
      sessionRows,
    ),
    attendanceCsv: toCsv(['活动编号', '人员编号', '出勤情况', '备注'], markRows),
    examResultsCsv: toCsv(['考试', '人员编号', '考试时间', '成绩', '第几次'], examRows),
  }
}
