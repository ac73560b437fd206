/**
 * The mobile page's views: plain HTML forms (no script needed), one small inline style sheet, readable at 360 px,
 * and one small script that only saves exam answers as they are chosen and counts the time down.
 */
import type { Child } from 'hono/jsx'
import type { PageQuestion, ReviewedQuestion, SittingResult } from '../../answering/page.service.js'
import { EXAM_TITLE_ZH, PAGE, TYPE_ZH } from './copy.zh.js'

const LETTERS = 'ABCDEF'

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.6 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f4f5f7}
main{max-width:640px;margin:0 auto;padding:12px}
h1{font-size:21px;line-height:1.35;margin:8px 0 4px}
h2{font-size:18px;margin:20px 0 8px}
.card{background:#fff;border-radius:10px;padding:14px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.muted{color:#57606a;font-size:15px}
.note{color:#57606a;font-size:14px;margin:12px 0}
.material p{margin:0 0 10px}
.material h3{font-size:17px;margin:12px 0 6px}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{float:left;padding:0;font-weight:600;margin-bottom:8px;width:100%}
legend+*{clear:both}
.qtype{color:#0969da;font-weight:400;font-size:14px;margin-right:4px}
label.opt{display:flex;align-items:flex-start;gap:10px;min-height:48px;padding:10px 12px;margin:6px 0;border:1px solid #d0d7de;border-radius:8px;background:#fff}
label.opt input{width:22px;height:22px;margin:2px 0 0;flex:none}
textarea{width:100%;min-height:96px;font:inherit;padding:8px;border:1px solid #d0d7de;border-radius:8px}
button,.button{display:block;width:100%;min-height:48px;margin:10px 0;padding:10px 14px;font:inherit;font-weight:600;text-align:center;text-decoration:none;border:0;border-radius:8px;background:#1a7f37;color:#fff}
button.secondary,.button.secondary{background:#fff;color:#1f2328;border:1px solid #d0d7de}
.alert{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:10px 12px;margin:10px 0}
.ok{color:#1a7f37;font-weight:600}
.bad{color:#cf222e;font-weight:600}
.score{font-size:24px;font-weight:700;margin:4px 0}
.facts{font-size:18px;font-weight:600}
.review p{margin:4px 0}
.timer{position:sticky;top:0;z-index:1;background:#0969da;color:#fff;border-radius:0 0 10px 10px;padding:8px 12px;margin:-12px -12px 8px;font-weight:600}
.status{font-size:14px;color:#1a7f37;min-height:1.4em}
.marks{letter-spacing:2px;word-break:break-all}
`

/** Saves an exam answer as it is chosen (XMLHttpRequest, for old in-app browsers) and counts the time down; the server decides. */
const SCRIPT = `(function(){
var f=document.getElementById('exam');if(!f||!window.XMLHttpRequest||!window.JSON)return;
var url=f.getAttribute('data-save'),attempt=f.getAttribute('data-attempt');
function val(p){var els=f.querySelectorAll('[name="q'+p+'"]'),v='';for(var i=0;i<els.length;i++){var e=els[i];if(e.type==='radio'||e.type==='checkbox'){if(e.checked)v+=e.value}else v=e.value}return v}
function say(p,t){var s=document.getElementById('st'+p);if(s)s.textContent=t}
f.addEventListener('change',function(ev){var n=ev.target&&ev.target.name;if(!n||n.charAt(0)!=='q')return;var p=n.slice(1),x=new XMLHttpRequest();
x.open('POST',url);x.setRequestHeader('Content-Type','application/json');
x.onload=function(){var r=null;try{r=JSON.parse(x.responseText)}catch(e){}if(r&&r.closed){location.reload();return}say(p,r&&r.ok?f.getAttribute('data-saved'):f.getAttribute('data-failed'))};
x.onerror=function(){say(p,f.getAttribute('data-failed'))};
x.send(JSON.stringify({attempt:Number(attempt),position:Number(p),value:val(p)}))});
var t=document.getElementById('left');if(!t)return;var left=Number(t.getAttribute('data-seconds')),end=Date.now()+left*1000;
function tick(){var s=Math.max(0,Math.round((end-Date.now())/1000));t.textContent=Math.floor(s/60)+':'+('0'+s%60).slice(-2);if(s<=0){location.reload();return}setTimeout(tick,1000)}
tick()})();`

export function Page(props: { title: string; nonce?: string; children?: Child; script?: boolean }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · ${PAGE.appName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main>
          {props.children}
          <p class="note">{PAGE.personalNote}</p>
        </main>
        {props.script && props.nonce ? <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} /> : null}
      </body>
    </html>
  )
}

export function MessagePage(props: { title: string; lines: string[]; back?: string }) {
  return (
    <Page title={props.title}>
      <h1>{props.title}</h1>
      <div class="card">
        {props.lines.map((l) => (
          <p>{l}</p>
        ))}
        {props.back ? (
          <a class="button secondary" href={props.back}>
            {PAGE.backToPage}
          </a>
        ) : null}
      </div>
    </Page>
  )
}

export function ExpiredPage(props: { reason: 'expired' | 'revoked'; action: string; flash: string | null }) {
  const title = props.reason === 'expired' ? PAGE.expiredTitle : PAGE.revokedTitle
  return (
    <Page title={title}>
      <h1>{title}</h1>
      <div class="card">
        <p>{props.reason === 'expired' ? PAGE.expired : PAGE.revoked}</p>
        {props.flash ? (
          <p class="alert" role="status">
            {props.flash}
          </p>
        ) : null}
        <p>{PAGE.offerResend}</p>
        <form method="post" action={props.action}>
          <button type="submit">{PAGE.resendButton}</button>
        </form>
        <p class="muted">{PAGE.resendLimit}</p>
      </div>
    </Page>
  )
}

/** A study material's Markdown as plain paragraphs: headings kept as headings, everything escaped. */
function Material(props: { title: string; bodyMd: string }) {
  const blocks = props.bodyMd
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '')
  return (
    <div class="card material">
      <h3>{props.title}</h3>
      {blocks.map((b) => {
        const heading = /^#{1,6}\s+(.*)$/.exec(b)
        if (heading && !b.includes('\n')) return <h3>{heading[1]}</h3>
        const lines = b.split('\n').map((l) => l.replace(/^\s*(?:[-*+]|\d+\.)\s+/, '· ').replace(/\*\*|__|`/g, ''))
        return (
          <p>
            {lines.map((l, i) => (
              <>
                {i > 0 ? <br /> : null}
                {l}
              </>
            ))}
          </p>
        )
      })}
    </div>
  )
}

export interface SessionHead {
  title: string
  time: string
  cancelled: boolean
  materials: { title: string; bodyMd: string }[]
}

function SessionTop(props: { s: SessionHead }) {
  return (
    <>
      <h1>{props.s.title}</h1>
      <p class="muted">
        {PAGE.sessionTime}：{props.s.time}
      </p>
      {props.s.cancelled ? <p class="alert">{PAGE.cancelled}</p> : null}
    </>
  )
}

function Materials(props: { s: SessionHead }) {
  return (
    <>
      <h2>{PAGE.material}</h2>
      {props.s.materials.length === 0 ? <p class="muted">{PAGE.noMaterial}</p> : props.s.materials.map((m) => <Material {...m} />)}
    </>
  )
}

const judgeWord = (v: string) => (v === 'T' ? PAGE.judgeTrue : v === 'F' ? PAGE.judgeFalse : v)
const shown = (type: PageQuestion['type'], v: string) => (type === 'judge' ? judgeWord(v) : v)

function QuestionInputs(props: { q: PageQuestion; required: boolean; checked?: string | null }) {
  const { q } = props
  const name = `q${q.position}`
  const chosen = props.checked ?? ''
  if (q.type === 'short') return <textarea name={name}>{chosen}</textarea>
  if (q.type === 'judge')
    return (
      <>
        {(['T', 'F'] as const).map((v) => (
          <label class="opt">
            <input type="radio" name={name} value={v} required={props.required} checked={chosen === v} />
            <span>{judgeWord(v)}</span>
          </label>
        ))}
      </>
    )
  return (
    <>
      {q.options.map((o, i) => {
        const letter = LETTERS[i]!
        return (
          <label class="opt">
            <input
              type={q.type === 'single' ? 'radio' : 'checkbox'}
              name={name}
              value={letter}
              required={props.required && q.type === 'single'}
              checked={chosen.includes(letter)}
            />
            <span>
              {letter}. {o}
            </span>
          </label>
        )
      })}
    </>
  )
}

function QuestionCard(props: { q: PageQuestion; total: number; children?: Child }) {
  const { q } = props
  return (
    <fieldset class="card" id={`q${q.position}`}>
      <legend>
        <span class="qtype">
          {q.position}/{props.total} {TYPE_ZH[q.type]}
        </span>
        {q.stem}
      </legend>
      {props.children}
    </fieldset>
  )
}

export type QuizSection =
  | { kind: 'none' }
  | { kind: 'not_open'; opens: string }
  | { kind: 'closed' }
  | {
      kind: 'form'
      action: string
      attemptNo: number
      passScore: number
      deadline: string | null
      questions: PageQuestion[]
      missing: number[]
      /** what the person chose before the form came back (a missing answer) */
      chosen: Map<number, string>
      previousScore: string | null
    }
  | {
      kind: 'result'
      score: string
      passScore: number
      passed: boolean
      pendingShort: number
      questions: ReviewedQuestion[]
      retake: 'best' | 'last' | null
      retakeHref: string
      closed: boolean
      stale: boolean
    }

export function SessionPage(props: { s: SessionHead; quiz: QuizSection }) {
  const { quiz } = props
  // 会前学法: the material first, then the quiz (one tap jumps to it for those who have read it); once answered,
  // the result first — it is what the person came back to see — and the material below it
  const resultFirst = quiz.kind === 'result'
  return (
    <Page title={props.s.title}>
      <SessionTop s={props.s} />
      {quiz.kind === 'form' && props.s.materials.length > 0 ? (
        <p>
          <a href="#quiz">{PAGE.jumpToQuiz}</a>
        </p>
      ) : null}
      {resultFirst ? null : <Materials s={props.s} />}
      <h2 id="quiz">{PAGE.quiz}</h2>
      <QuizPart quiz={quiz} />
      {resultFirst ? <Materials s={props.s} /> : null}
    </Page>
  )
}

function QuizPart(props: { quiz: QuizSection }) {
  const { quiz } = props
  if (quiz.kind === 'none') return <p class="muted">{PAGE.noQuiz}</p>
  if (quiz.kind === 'not_open') return <p class="alert">{PAGE.quizNotOpen(quiz.opens)}</p>
  if (quiz.kind === 'closed') return <p class="alert">{PAGE.quizClosed}</p>
  if (quiz.kind === 'result') return <QuizResult r={quiz} />
  const total = quiz.questions.length
  return (
    <form method="post" action={quiz.action}>
      <p>{PAGE.quizIntro(total, quiz.passScore, quiz.deadline)}</p>
      {quiz.previousScore !== null ? <p class="muted">{PAGE.previousScore(quiz.previousScore)}</p> : null}
      {quiz.missing.length > 0 ? (
        <p class="alert" role="alert">
          {PAGE.missing(quiz.missing)}
        </p>
      ) : null}
      <input type="hidden" name="attempt_no" value={String(quiz.attemptNo)} />
      {quiz.questions.map((q) => (
        <QuestionCard q={q} total={total}>
          {q.given !== null ? (
            <p class="muted">
              {PAGE.answeredInChat}
              {shown(q.type, q.given)}
            </p>
          ) : (
            <QuestionInputs q={q} required={true} checked={quiz.chosen.get(q.position) ?? null} />
          )}
        </QuestionCard>
      ))}
      <button type="submit">{PAGE.submit}</button>
    </form>
  )
}

function QuizResult(props: { r: Extract<QuizSection, { kind: 'result' }> }) {
  const { r } = props
  return (
    <>
      {r.stale ? <p class="alert">{PAGE.stale}</p> : null}
      {r.closed ? <p class="alert">{PAGE.quizClosed}</p> : null}
      <div class="card">
        <p class="muted">{PAGE.result}</p>
        <p class="score">{PAGE.score(r.score, r.passScore)}</p>
        <p class={r.passed ? 'ok' : 'bad'}>{r.passed ? PAGE.passed : PAGE.failed}</p>
        {r.pendingShort > 0 ? <p class="muted">{PAGE.pendingShort(r.pendingShort)}</p> : null}
        {r.retake ? (
          <>
            <p class="muted">{PAGE.retake(r.retake)}</p>
            <a class="button secondary" href={r.retakeHref}>
              {PAGE.retakeButton}
            </a>
          </>
        ) : null}
      </div>
      {r.questions.map((q) => (
        <Reviewed q={q} total={r.questions.length} />
      ))}
    </>
  )
}

function Reviewed(props: { q: ReviewedQuestion; total: number }) {
  const { q } = props
  const verdict =
    q.given === null
      ? [PAGE.unanswered, 'bad']
      : q.type === 'short' && q.isCorrect === null
        ? [PAGE.pending, 'muted']
        : q.isCorrect
          ? [PAGE.right, 'ok']
          : q.credit > 0
            ? [PAGE.partial, 'bad']
            : [PAGE.wrong, 'bad']
  return (
    <div class="card review">
      <p>
        <span class="qtype">
          {q.position}/{props.total} {TYPE_ZH[q.type]}
        </span>
        {q.stem}
      </p>
      {q.options.map((o, i) => (
        <p class="muted">
          {LETTERS[i]}. {o}
        </p>
      ))}
      <p class={verdict[1]}>{verdict[0]}</p>
      {q.given !== null ? (
        <p>
          {PAGE.yourAnswer}
          {shown(q.type, q.given)}
        </p>
      ) : null}
      <p>
        {q.type === 'short' ? PAGE.reference : PAGE.rightAnswer}
        {shown(q.type, q.right)}
      </p>
      {q.explanation ? (
        <p>
          {PAGE.explanation}
          {q.explanation}
        </p>
      ) : null}
      <p class="muted">
        {PAGE.basis}《{q.lawTitle}》{q.article ?? ''}
      </p>
    </div>
  )
}

// ---------------------------------------------------------------- exams

export interface ExamHead {
  kind: 'appointment' | 'enforcement_cert' | 'annual'
  proposedPost: string | null
  minutes: number
  passScore: number
}

function ExamTop(props: { e: ExamHead; makeup?: boolean }) {
  return (
    <>
      <h1>
        {props.makeup ? PAGE.makeupTag : ''}
        {EXAM_TITLE_ZH[props.e.kind]}
      </h1>
      {props.e.proposedPost ? <p class="muted">{PAGE.proposedPost(props.e.proposedPost)}</p> : null}
    </>
  )
}

function Sittings(props: { sittings: SittingResult[]; fmt: (n: number) => string; annual?: boolean }) {
  const label = props.annual ? PAGE.annualSitting : PAGE.sitting
  const line = props.annual ? PAGE.annualSittingLine : PAGE.sittingLine
  return (
    <>
      {props.sittings.map((s) => (
        <div class="card">
          <p class="muted">{label(s.attemptNo)}</p>
          <p class={s.passed ? 'ok' : 'bad'}>{line(props.fmt(s.score), s.passed, s.answered, s.total, s.state === 'expired')}</p>
          <p class="muted">{PAGE.marksLegend}</p>
          <p class="marks">{s.marks.map((m, i) => `${i + 1}${m ? '✓' : '✗'}`).join(' ')}</p>
        </div>
      ))}
    </>
  )
}

export function ExamNotOpenPage(props: { e: ExamHead; opens: string }) {
  return (
    <Page title={EXAM_TITLE_ZH[props.e.kind]}>
      <ExamTop e={props.e} />
      <p class="alert">{PAGE.examNotOpen(props.opens)}</p>
    </Page>
  )
}

export function ExamIntroPage(props: {
  e: ExamHead
  sitting: number
  questions: number
  sittings: SittingResult[]
  action: string
  fmt: (n: number) => string
}) {
  const makeup = props.sitting > 1
  return (
    <Page title={EXAM_TITLE_ZH[props.e.kind]}>
      <ExamTop e={props.e} makeup={makeup} />
      <Sittings sittings={props.sittings} fmt={props.fmt} />
      <div class="card">
        {makeup ? <p>{PAGE.makeupIntro}</p> : null}
        <p class="facts">{PAGE.examFacts(props.questions, props.e.minutes, props.e.passScore)}</p>
        <p>{PAGE.examRules}</p>
        <form method="post" action={props.action}>
          <input type="hidden" name="sitting" value={String(props.sitting)} />
          <button type="submit">{makeup ? PAGE.startMakeup : PAGE.start}</button>
        </form>
      </div>
    </Page>
  )
}

export function ExamRunningPage(props: {
  e: ExamHead
  sitting: number
  attemptId: number
  questions: PageQuestion[]
  remainingSeconds: number
  ends: string
  action: string
  saveUrl: string
  nonce: string
  flash: string | null
}) {
  const total = props.questions.length
  const answered = props.questions.filter((q) => q.given !== null).length
  return (
    <Page title={EXAM_TITLE_ZH[props.e.kind]} nonce={props.nonce} script={true}>
      <div class="timer" role="timer">
        {PAGE.remainingLabel}
        <span id="left" data-seconds={String(props.remainingSeconds)}>
          {PAGE.remainingMinutes(Math.ceil(props.remainingSeconds / 60))}
        </span>
        {PAGE.endsAt(props.ends)}
      </div>
      <ExamTop e={props.e} makeup={props.e.kind !== 'annual' && props.sitting > 1} />
      <p class="muted">
        {PAGE.examFacts(total, props.e.minutes, props.e.passScore)} {PAGE.answeredCount(answered, total)}
      </p>
      {props.flash ? (
        <p class="alert" role="status">
          {props.flash}
        </p>
      ) : null}
      <p class="note">{PAGE.saveHint}</p>
      <form
        id="exam"
        method="post"
        action={props.action}
        data-save={props.saveUrl}
        data-attempt={String(props.attemptId)}
        data-saved={PAGE.saved}
        data-failed={PAGE.saveFailed}
      >
        <input type="hidden" name="attempt" value={String(props.attemptId)} />
        {props.questions.map((q) => (
          <QuestionCard q={q} total={total}>
            <QuestionInputs q={q} required={false} checked={q.given} />
            <p class="status" id={`st${q.position}`} />
          </QuestionCard>
        ))}
        <button type="submit" name="action" value="save" class="secondary">
          {PAGE.save}
        </button>
        <p class="muted">{PAGE.handInNote}</p>
        <button type="submit" name="action" value="handin">
          {PAGE.handIn}
        </button>
      </form>
    </Page>
  )
}

export function ExamFinishedPage(props: { e: ExamHead; sittings: SittingResult[]; fmt: (n: number) => string }) {
  const passed = props.sittings.some((s) => s.passed)
  const last = props.sittings.at(-1)
  const line = passed ? PAGE.examPassed : last ? PAGE.examFailedFinal(props.e.kind) : PAGE.examClosed
  return (
    <Page title={EXAM_TITLE_ZH[props.e.kind]}>
      <ExamTop e={props.e} />
      <p class={passed ? 'ok' : 'alert'}>{line}</p>
      <Sittings sittings={props.sittings} fmt={props.fmt} />
    </Page>
  )
}

/** A 年度学法考试 with no sitting running, as `annualStart` decided (AnnualStart's kinds). */
export interface AnnualView {
  state: 'start' | 'not_open' | 'closed' | 'passed' | 'used_up'
  opens: string
  closes: string
  questions: number
  attempts: number
  used: number
  best: SittingResult | null
  sittings: SittingResult[]
  action: string
}

export function ExamAnnualPage(props: { e: ExamHead; a: AnnualView; fmt: (n: number) => string }) {
  const { a, e } = props
  const status =
    a.state === 'not_open' ? (
      <p class="alert">{PAGE.examNotOpen(a.opens)}</p>
    ) : a.state === 'closed' ? (
      <p class="alert">{PAGE.annualClosed(a.closes)}</p>
    ) : a.state === 'passed' ? (
      <p class="ok">{PAGE.annualPassed}</p>
    ) : a.state === 'used_up' ? (
      <p class="alert">{PAGE.annualUsedUp}</p>
    ) : a.used > 0 ? (
      <p class="alert">{PAGE.annualRetry(a.attempts - a.used, a.closes)}</p>
    ) : null
  return (
    <Page title={EXAM_TITLE_ZH[e.kind]}>
      <ExamTop e={e} />
      {status}
      {a.best ? (
        <p class={`facts ${a.best.passed ? 'ok' : 'bad'}`}>{PAGE.annualBest(props.fmt(a.best.score), a.best.passed, a.attempts > 1)}</p>
      ) : a.state === 'closed' ? (
        <p class="muted">{PAGE.annualNotSat}</p>
      ) : null}
      <div class="card">
        <p class="facts">{PAGE.examFacts(a.questions, e.minutes, e.passScore)}</p>
        <p>{PAGE.annualWindow(a.opens, a.closes)}</p>
        <p>{PAGE.annualAttempts(a.attempts, a.used)}</p>
        {a.state === 'start' ? (
          <>
            <p class="muted">{PAGE.examRules}</p>
            <form method="post" action={a.action}>
              <input type="hidden" name="sitting" value={String(a.used + 1)} />
              <button type="submit">{a.used > 0 ? PAGE.startAgain : PAGE.start}</button>
            </form>
          </>
        ) : null}
      </div>
      <Sittings sittings={a.sittings} fmt={props.fmt} annual={true} />
    </Page>
  )
}
