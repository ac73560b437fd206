/**
 * `xuefa demo`: a county's year of 学法 on a temporary database, driven through the real `createXuefa` — the
 * chat bot over Wechaty's mock puppet, the scheduler and the outbox run by hand on a manual clock — ending
 * with the annual report. Returns what the simulation did beside what the report says, so both can be compared.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { LevelWithSilent } from 'pino'
import { createXuefa } from '../main.js'
import { ManualClock } from '../clock.js'
import { addLocalDays, localDateTime } from '../calendar.js'
import { createLogger } from '../log.js'
import { createApiToken } from '../access/tokens.service.js'
import { buildAnnualReport } from '../reports/report.service.js'
import { collectLedger } from '../reports/ledger.js'
import { renderLedger, renderReport } from '../reports/render.js'
import type { AnnualReport } from '../reports/report.types.js'
import { COUNTY_CODE } from './county.js'
import { buildHistory, weekdayOnOrAfter, type YearHistory } from './history.js'
import { createRandom } from './random.js'
import { advanceTo, type DemoContext } from './context.js'
import { DEMO_COPY as C } from './copy.zh.js'
import { bindEveryone, importCounty, scheduleMeeting, type ScheduledMeeting } from './steps-setup.js'
import { runMeeting, type MeetingOutcome } from './steps-meeting.js'
import { runExam, type ExamOutcome } from './steps-exam.js'
import { runAnnualExam, type AnnualOutcome } from './steps-annual.js'
import { formatReport } from './report-text.js'
import { createWeChatWorld } from './wechat.js'

export const DEMO_TZ = 'Asia/Shanghai'

export interface DemoOptions {
  /** one seed, one run (default 1) */
  seed?: number
  /** the year simulated and reported (default: the year before the current one, as reports are written in Jan–Feb) */
  year?: number
  /** where the DOCX and the XLSX go (default: the demo's temporary directory) */
  outDir?: string
  /** leave the database in place (for `--keep`) */
  keepDatabase?: boolean
  /** each progress line, as it happens */
  progress?: (line: string) => void
  /** the app's own JSON logs on stderr (default silent) */
  logLevel?: LevelWithSilent
  /** longest wait for any one chat reply (default 15 s) */
  timeoutMs?: number
}

export interface DemoResult {
  seed: number
  year: number
  dir: string
  dbUrl: string
  /** the organizer token of the county */
  token: string
  files: { docx: string; xlsx: string }
  /** the records imported, by year */
  history: Record<number, YearHistory>
  bound: string[]
  meeting: ScheduledMeeting & MeetingOutcome
  exam: ExamOutcome
  annual: AnnualOutcome
  report: AnnualReport
  /** what went to stdout */
  printed: string
  elapsedMs: number
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now()
  const seed = options.seed ?? 1
  const year = options.year ?? new Date().getFullYear() - 1
  const say = options.progress ?? (() => undefined)
  const dir = await mkdtemp(join(tmpdir(), 'xuefa-demo-'))
  const dbPath = join(dir, 'xuefa-demo.db')
  const dbUrl = `file:${dbPath}`
  const random = createRandom(seed)
  const meetingDay = weekdayOnOrAfter(`${year}-09-08`, 2)
  const clock = new ManualClock(localDateTime(addLocalDays(meetingDay, -7), '10:00', DEMO_TZ))
  const world = createWeChatWorld(clock, options.timeoutMs)
  say(C.banner(year, seed))
  say(C.started(dir))
  const app = await createXuefa({
    dbUrl,
    puppet: world.puppet,
    clock,
    env: { XUEFA_TZ: DEMO_TZ, XUEFA_BOT: 'on', XUEFA_BANK: 'on', XUEFA_LOG_LEVEL: 'warn' },
    logger: createLogger(options.logLevel ?? 'silent'),
    loops: false,
    // the pacers wait on the manual clock: a second between two WeChat sends passes at once
    sleep: async (ms) => {
      clock.advance(ms)
    },
  })
  let finished = false
  try {
    await app.start()
    await world.login(() => app.bot?.status().state === 'logged_in')
    const ctx: DemoContext = { app, clock, world, random, tz: DEMO_TZ, year, token: '', say, people: new Map() }
    const history = buildHistory(random, year)
    await importCounty(ctx, history)
    ctx.token = (
      await createApiToken({ db: app.db, clock }, { role: 'organizer', unitCode: COUNTY_CODE, label: C.tokenLabel }, { actor: 'demo' })
    ).token
    const meeting = await scheduleMeeting(ctx, localDateTime(meetingDay, '09:00', DEMO_TZ), seed)
    const bound = await bindEveryone(ctx)
    const outcome = await runMeeting(ctx, meeting)
    const exam = await runExam(ctx, localDateTime(addLocalDays(meetingDay, 16), '09:30', DEMO_TZ))
    const annual = await runAnnualExam(ctx)

    advanceTo(ctx, localDateTime(`${year + 1}-01-12`, '09:00', DEMO_TZ))
    say(C.step(13, C.report(year)))
    const report = await buildAnnualReport(app.db, { year, unitCode: COUNTY_CODE, tz: DEMO_TZ })
    const outDir = resolve(options.outDir ?? dir)
    await mkdir(outDir, { recursive: true })
    const docx = await renderReport(report, 'docx')
    const xlsx = await renderLedger(await collectLedger(app.db, { year, unitCode: COUNTY_CODE, tz: DEMO_TZ, now: clock.now() }), 'xlsx')
    const files = { docx: join(outDir, docx.fileName), xlsx: join(outDir, xlsx.fileName) }
    await writeFile(files.docx, docx.body)
    await writeFile(files.xlsx, xlsx.body)
    const printed = formatReport(report, files)
    finished = true
    return {
      seed,
      year,
      dir,
      dbUrl,
      token: ctx.token,
      files,
      history: history.years,
      bound,
      meeting: { ...meeting, ...outcome },
      exam,
      annual,
      report,
      printed,
      elapsedMs: performance.now() - started,
    }
  } finally {
    await app.stop()
    // the temporary directory goes unless it holds the kept database or the files of a finished run
    if (!options.keepDatabase) {
      if (options.outDir || !finished) await rm(dir, { recursive: true, force: true })
      else await Promise.all(['', '-wal', '-shm'].map((s) => rm(`${dbPath}${s}`, { force: true })))
    }
  }
}
