import { Command, Option } from 'commander'
import type { CliIo } from './io.js'
import type { ExamAnnualOptions, ExamAssignOptions } from './exam.action.js'

export function examCommand(io: CliIo): Command {
  const run = () => import('./exam.action.js')
  const exam = new Command('exam').description(
    '领导干部任前法律知识考试 (assign, record the outcome, print the score sheet) and the 年度学法考试 (schedule)',
  )
  exam
    .command('assign')
    .description('assign a 任前 exam to a candidate (the candidate starts it with 任前考试 in private chat)')
    .requiredOption('--official <id>', 'the candidate (人员编号)')
    .requiredOption('--post <text>', 'the proposed post (拟任职务)')
    .requiredOption('--opens <time>', '"YYYY-MM-DD HH:mm" in XUEFA_TZ, or ISO 8601 with offset')
    .option('--minutes <n>', 'time limit from the first question (default 60)', (v) => Number.parseInt(v, 10))
    .option('--pass-score <n>', 'pass score out of 100 (default 60)', (v) => Number(v))
    .action(async (opts: ExamAssignOptions) => (await run()).runExamAssign(io, opts))
  exam
    .command('outcome')
    .description("record the outcome of the candidate's latest 任前 exam")
    .requiredOption('--official <id>', 'the candidate (人员编号)')
    .addOption(new Option('--outcome <outcome>', '通过 | 暂缓任用 | 撤回提名').makeOptionMandatory())
    .action(async (opts: { official: string; outcome: string }) => (await run()).runExamOutcome(io, opts))
  exam
    .command('sheet')
    .description("write the candidate's score sheet (DOCX) for the personal file")
    .requiredOption('--official <id>', 'the candidate (人员编号)')
    .requiredOption('--out <file>', 'the .docx file to write')
    .action(async (opts: { official: string; out: string }) => (await run()).runExamSheet(io, opts))
  const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number.parseInt(v, 10) : Number.NaN)
  exam
    .command('annual')
    .description(
      'schedule the 年度学法考试 for every current official of a unit and the units below it; when it opens each one gets ' +
        'a private message with a personal link to the exam page',
    )
    .requiredOption('--unit <code>', 'the unit (单位代码); its whole subtree takes part')
    .requiredOption('--opens <time>', 'when it opens: "YYYY-MM-DD HH:mm" in XUEFA_TZ, or ISO 8601 with offset')
    .requiredOption('--closes <time>', 'when it closes (sittings in progress are graded then, unanswered = wrong)')
    .option('--title <text>', 'what officials read (default "<year>年度学法考试")')
    .option('--minutes <n>', 'time limit of one sitting (default 60)', int)
    .option('--pass-score <n>', 'pass score out of 100 (default 60)', (v) => Number(v))
    .option('--questions <n>', 'number of questions, half single choice, a quarter multiple, a quarter true/false (default 40)', int)
    .option('--attempts <n>', 'sittings allowed per person, the best counts (default 1)', int)
    .action(async (opts: ExamAnnualOptions) => (await run()).runExamAnnual(io, opts))
  return exam
}
