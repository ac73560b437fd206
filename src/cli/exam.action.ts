import { writeFile } from 'node:fs/promises'
import { formatLocal, parseDateTime } from '../calendar.js'
import { assignAppointmentExam, recordExamOutcome } from '../exams/exam.service.js'
import { createLinkIssuer } from '../access/links.service.js'
import { publicBaseUrl } from '../config.js'
import { AnnualRefusal, scheduleAnnualExam } from '../exams/annual.service.js'
import { appointmentRefusedCopy } from '../exams/copy.zh.js'
import { ANNUAL_LIMITS } from '../exams/annual.rules.js'
import { parseOutcome } from '../exams/exam.rules.js'
import { findLatestAppointmentExam } from '../exams/exams.repo.js'
import { renderScoreSheet } from '../reports/render.js'
import { OUTCOME_ZH } from '../quizzes/copy.zh.js'
import { withContext } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface ExamAssignOptions {
  official: string
  post: string
  opens: string
  minutes?: number
  passScore?: number
}

/** A "YYYY-MM-DD HH:mm" option in the county's time zone, or the refusal that names the option. */
function timeArg(flag: string, value: string, tz: string): Date {
  const at = parseDateTime(value, tz)
  if (!at) throw new CliExit(1, `${flag}：“${value}”不是时间，应为 "YYYY-MM-DD HH:mm"`)
  return at
}

export async function runExamAssign(io: CliIo, opts: ExamAssignOptions): Promise<void> {
  if (opts.minutes !== undefined && !(opts.minutes >= 5 && opts.minutes <= 600)) throw new CliExit(1, '--minutes 应为5到600之间的整数')
  if (opts.passScore !== undefined && !(opts.passScore >= 0 && opts.passScore <= 100))
    throw new CliExit(1, '--pass-score 应为0到100之间的数')
  await withContext(io, async ({ config, db, clock }) => {
    const tz = config.XUEFA_TZ
    const opensAt = timeArg('--opens', opts.opens, tz)
    const input = { officialId: opts.official, proposedPost: opts.post, opensAt, minutes: opts.minutes, passScore: opts.passScore }
    const links = await createLinkIssuer(db, publicBaseUrl(config), () => clock.now())
    const a = await assignAppointmentExam({ db, clock, tz, links }, input, { actor: 'cli' })
    io.stdout.write(
      `已安排任前法律知识考试 #${a.examId}：${a.officialId}，${formatLocal(new Date(a.opensAt), tz)} 起可考，限时${a.minutes}分钟，` +
        `共${a.questions}题（单选${a.drawn.single}、多选${a.drawn.multiple}、判断${a.drawn.judge}），${a.passScore}分及格。\n`,
    )
    for (const w of a.warnings) io.stderr.write(`注意：${w}\n`)
  })
}

export async function runExamOutcome(io: CliIo, opts: { official: string; outcome: string }): Promise<void> {
  const outcome = parseOutcome(opts.outcome)
  if (!outcome) throw new CliExit(1, `--outcome 应为 通过、暂缓任用 或 撤回提名（现在是“${opts.outcome}”）`)
  await withContext(io, async ({ config, db, clock }) => {
    const e = await recordExamOutcome({ db, clock, tz: config.XUEFA_TZ }, opts.official, outcome, { actor: 'cli' })
    io.stdout.write(`已记录任前考试 #${e.id}（${e.officialId}）的结果：${OUTCOME_ZH[outcome]}\n`)
  })
}

export async function runExamSheet(io: CliIo, opts: { official: string; out: string }): Promise<void> {
  await withContext(io, async ({ config, db }) => {
    const e = await findLatestAppointmentExam(db, opts.official)
    if (!e) throw new CliExit(1, appointmentRefusedCopy.noExam(opts.official))
    await writeFile(opts.out, await renderScoreSheet({ db, tz: config.XUEFA_TZ }, e.id))
    io.stdout.write(`已写入成绩单 ${opts.out}\n`)
  })
}

export interface ExamAnnualOptions {
  unit: string
  opens: string
  closes: string
  title?: string
  minutes?: number
  passScore?: number
  questions?: number
  attempts?: number
}

const within = (n: number | undefined, [lo, hi]: readonly [number, number]) =>
  n === undefined || (Number.isInteger(n) && n >= lo && n <= hi)

export async function runExamAnnual(io: CliIo, opts: ExamAnnualOptions): Promise<void> {
  const L = ANNUAL_LIMITS
  if (!within(opts.minutes, L.minutes)) throw new CliExit(1, `--minutes 应为${L.minutes[0]}到${L.minutes[1]}之间的整数`)
  if (!within(opts.questions, L.questions)) throw new CliExit(1, `--questions 应为${L.questions[0]}到${L.questions[1]}之间的整数`)
  if (!within(opts.attempts, L.attempts)) throw new CliExit(1, `--attempts 应为${L.attempts[0]}到${L.attempts[1]}之间的整数`)
  if (opts.passScore !== undefined && !(opts.passScore >= 0 && opts.passScore <= 100))
    throw new CliExit(1, '--pass-score 应为0到100之间的数')
  await withContext(io, async ({ config, db, clock }) => {
    const tz = config.XUEFA_TZ
    const opensAt = timeArg('--opens', opts.opens, tz)
    const closesAt = timeArg('--closes', opts.closes, tz)
    const input = { unitCode: opts.unit, opensAt, closesAt, title: opts.title, minutes: opts.minutes, passScore: opts.passScore }
    let a: Awaited<ReturnType<typeof scheduleAnnualExam>>
    try {
      a = await scheduleAnnualExam({ db, clock, tz }, { ...input, questions: opts.questions, attempts: opts.attempts }, { actor: 'cli' })
    } catch (e) {
      if (e instanceof AnnualRefusal) throw new CliExit(1, e.zh)
      throw e
    }
    const local = (iso: string) => formatLocal(new Date(iso), tz)
    io.stdout.write(
      `已安排${a.title} #${a.id}：${a.unitCode} 及下属单位在册人员${a.officials}人，${local(a.opensAt)} 至 ${local(a.closesAt)}，` +
        `每次限时${a.minutes}分钟，共${a.questions}题（单选${a.drawn.single}、多选${a.drawn.multiple}、判断${a.drawn.judge}），` +
        `${a.passScore}分及格，每人可考${a.attempts}次${a.attempts > 1 ? '（取最高分）' : ''}。\n` +
        `开考时每位已绑定微信的人员收到一条附个人考试链接的私信${a.reminderAt ? `；${local(a.reminderAt)} 提醒尚未参加的人员` : ''}。\n`,
    )
    for (const w of a.warnings) io.stderr.write(`注意：${w}\n`)
  })
}
