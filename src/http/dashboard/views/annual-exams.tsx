/** The 年度学法考试 on the exams page: those scheduled, with 参考 / 及格 / 平均分 so far per unit, and the form to schedule one. */
import { UnitOptions, type UnitOption } from './filters.js'
import { CsrfField, Flash, FlashErrors } from './layout.js'

export const ANNUAL = {
  heading: '年度学法考试',
  intro:
    '为一个单位及其下属单位的全体在册人员（含领导班子成员和执法人员，不含已离开的人员）安排在线考试：所有人题目相同、选项顺序各不相同。' +
    '开考时每位已绑定微信的人员收到一条附个人考试链接的私信，截止前一天提醒尚未参加的人员；截止时未交卷的按已答题目计分。成绩计入年度报告。',
  none: '本年度还没有安排年度学法考试。',
  columns: {
    unit: '单位',
    enrolled: '应考人数',
    tested: '参考人数',
    participation: '参考率',
    passed: '及格人数',
    passRate: '及格率',
    average: '平均分',
  },
  total: '合计',
  window: (opens: string, closes: string) => `${opens} 至 ${closes}`,
  rules: (questions: number, minutes: number, passScore: number, attempts: number) =>
    `共${questions}题，每次限时${minutes}分钟，${passScore}分及格，每人可考${attempts}次${attempts > 1 ? '（取最高分）' : ''}`,
  add: '安排年度学法考试',
  unit: '参考单位（含下属单位）',
  title: '考试名称',
  titleHint: '留空则按开考年份命名，如“2025年度学法考试”',
  opensAt: '开考时间',
  closesAt: '截止时间',
  minutes: '每次限时（分钟）',
  passScore: '及格分',
  questions: '题目数量',
  questionsHint: '单选约占一半，多选和判断各约四分之一',
  attempts: '每人可考次数',
  save: '安排考试',
  scheduled: (title: string, n: number) => `已安排${title}，共${n}人参考。开考时将向每人发送个人考试链接。`,
  badTime: (label: string) => `${label}格式有误，请重新选择。`,
  badNumber: (label: string, lo: number, hi: number) => `${label}应为${lo}到${hi}之间的整数。`,
  badScore: '及格分应为0到100之间的数。',
  outsideScope: '只能为本单位及下属单位安排考试。',
}

export interface AnnualFigureRow {
  unitName: string
  enrolled: number
  tested: number
  participationRate: number | null
  passed: number
  passRate: number | null
  averageScore: number | null
}

export interface AnnualExamRow {
  id: number
  title: string
  unitName: string
  opensLocal: string
  closesLocal: string
  questions: number
  minutes: number
  passScore: number
  attempts: number
  total: AnnualFigureRow
  units: AnnualFigureRow[]
}

export interface AnnualForm {
  unitCode: string
  title: string
  opensAt: string
  closesAt: string
  minutes: string
  passScore: string
  questions: string
  attempts: string
}

const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`)

function Figures(props: { row: AnnualFigureRow; total?: boolean }) {
  const r = props.row
  return (
    <tr class={props.total ? 'total' : undefined}>
      <th scope="row">{props.total ? ANNUAL.total : r.unitName}</th>
      <td class="num">{String(r.enrolled)}</td>
      <td class="num">{String(r.tested)}</td>
      <td class="num">{pct(r.participationRate)}</td>
      <td class="num">{String(r.passed)}</td>
      <td class="num">{pct(r.passRate)}</td>
      <td class="num">{r.averageScore === null ? '—' : String(r.averageScore)}</td>
    </tr>
  )
}

function Field(props: {
  id: string
  name: keyof AnnualForm
  label: string
  value: string
  type?: string
  hint?: string
  required?: boolean
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint ? (
        <p class="muted" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  )
}

export function AnnualExamsSection(props: {
  rows: AnnualExamRow[]
  canEdit: boolean
  units: UnitOption[]
  form: AnnualForm
  errors: string[]
  flash: string | null
  csrf: string
}) {
  const c = ANNUAL.columns
  const f = props.form
  return (
    <section id="annual" aria-labelledby="annual-h">
      <h2 id="annual-h">{ANNUAL.heading}</h2>
      <Flash message={props.flash} />
      <p class="muted">{ANNUAL.intro}</p>
      {props.rows.length === 0 ? <p>{ANNUAL.none}</p> : null}
      {props.rows.map((e) => (
        <>
          <h3>
            {e.title}（{e.unitName}）
          </h3>
          <p class="muted">
            {ANNUAL.window(e.opensLocal, e.closesLocal)}；{ANNUAL.rules(e.questions, e.minutes, e.passScore, e.attempts)}
          </p>
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">{c.unit}</th>
                  {[c.enrolled, c.tested, c.participation, c.passed, c.passRate, c.average].map((h) => (
                    <th scope="col" class="num">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {e.units.map((u) => (
                  <Figures row={u} />
                ))}
                <Figures row={e.total} total />
              </tbody>
            </table>
          </div>
        </>
      ))}
      {props.canEdit ? (
        <>
          <h3 id="annual-add">{ANNUAL.add}</h3>
          <FlashErrors errors={props.errors} />
          <form method="post" action="/ui/exams/annual#annual" class="stack narrow">
            <CsrfField token={props.csrf} />
            <div class="field">
              <label for="a-unit">{ANNUAL.unit}</label>
              <select id="a-unit" name="unitCode" required>
                <UnitOptions units={props.units} selected={f.unitCode} />
              </select>
            </div>
            <Field id="a-title" name="title" label={ANNUAL.title} value={f.title} hint={ANNUAL.titleHint} />
            <Field id="a-opens" name="opensAt" label={ANNUAL.opensAt} value={f.opensAt} type="datetime-local" required />
            <Field id="a-closes" name="closesAt" label={ANNUAL.closesAt} value={f.closesAt} type="datetime-local" required />
            <Field id="a-minutes" name="minutes" label={ANNUAL.minutes} value={f.minutes} type="number" required />
            <Field id="a-pass" name="passScore" label={ANNUAL.passScore} value={f.passScore} type="number" required />
            <Field
              id="a-questions"
              name="questions"
              label={ANNUAL.questions}
              value={f.questions}
              type="number"
              hint={ANNUAL.questionsHint}
              required
            />
            <Field id="a-attempts" name="attempts" label={ANNUAL.attempts} value={f.attempts} type="number" required />
            <button type="submit">{ANNUAL.save}</button>
          </form>
        </>
      ) : null}
    </section>
  )
}
