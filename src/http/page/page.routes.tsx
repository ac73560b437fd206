/**
 * The mobile page behind a personal link (CONTRACT §8), mounted at /m: `GET /m/<token>` shows a session's material
 * and quiz, or an exam; forms post back under the same token (POST-redirect-GET), an exam's answers also as JSON.
 * The token in the path is the credential: it names the person, so every write is checked to be theirs; cross-site
 * POSTs are refused; the pages are never cached and never send a Referer (the token is in the URL), and the token
 * is never logged.
 */
import { randomBytes } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import { createLinkIssuer, type LinkIssuer } from '../../access/links.service.js'
import type { LinkClaims } from '../../access/links.rules.js'
import {
  examPage,
  quizPage,
  saveExamAnswers,
  startExamOnPage,
  submitQuizPage,
  type PageDeps,
  type QuizPage,
} from '../../answering/page.service.js'
import { formatLocal, formatLocalShortZh } from '../../calendar.js'
import { publicBaseUrl } from '../../config.js'
import { resendLink, type ResendOutcome } from '../../sessions/link-resend.service.js'
import { findSession, listSessionMaterials } from '../../sessions/sessions.repo.js'
import type { AppEnv, HttpDeps } from '../common/types.js'
import { PAGE } from './copy.zh.js'
import {
  ExamAnnualPage,
  ExamFinishedPage,
  ExamIntroPage,
  ExamNotOpenPage,
  ExamRunningPage,
  ExpiredPage,
  MessagePage,
  SessionPage,
  type QuizSection,
  type SessionHead,
} from './views.js'

type PageContext = Context<AppEnv & { Variables: { nonce: string } }>
type Status = 200 | 403 | 404 | 409 | 413 | 422 | 500

/**
 * The largest body a page takes: its forms hold a few bytes per question (a short answer at most 2,000 characters),
 * so the app's import-sized limit (XUEFA_BODY_LIMIT) would only let a link's holder keep the server parsing.
 */
const PAGE_BODY_LIMIT = 256 * 1024

/** Inline style, the one nonce'd script, fetches and forms to this server only. */
const csp = (nonce: string) =>
  `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; ` +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

const fmtScore = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

function render(c: PageContext, page: Child, status: Status = 200) {
  return c.html(html`<!doctype html>${page}`, status)
}

/** A page's form values: `q3=A&q3=C` become 'AC'; 'q' + position only. */
function answersOf(form: Record<string, string | File | (string | File)[]>): Map<number, string> {
  const out = new Map<number, string>()
  for (const [key, raw] of Object.entries(form)) {
    const m = /^q(\d{1,3})$/.exec(key)
    if (!m) continue
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string')
    out.set(Number(m[1]), values.join('').slice(0, 2000))
  }
  return out
}

/** Cross-site POSTs are refused: the browser's Sec-Fetch-Site when it sends one, else the Origin against this server. */
function sameSite(c: PageContext, publicUrl: string | undefined): boolean {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) return site === 'same-origin'
  const origin = c.req.header('origin')
  if (origin === undefined) return true
  const allowed = [new URL(c.req.url).origin]
  if (publicUrl) allowed.push(new URL(publicUrl).origin)
  const host = c.req.header('host')
  if (host) allowed.push(`https://${host}`, `http://${host}`)
  return allowed.includes(origin)
}

export function pageRoutes(deps: HttpDeps): Hono<AppEnv & { Variables: { nonce: string } }> {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  let issuer: Promise<LinkIssuer> | undefined
  const links = () => {
    issuer ??= createLinkIssuer(db, publicBaseUrl(config), () => clock.now()).catch((e: unknown) => {
      issuer = undefined
      throw e
    })
    return issuer
  }
  const pageDeps = async (): Promise<PageDeps> => ({ db, clock, tz, links: await links() })
  const app = new Hono<AppEnv & { Variables: { nonce: string } }>()

  app.onError((err, c) => {
    // the path carries the token: it is not logged
    deps.logger.error({ err, requestId: c.get('requestId') }, 'mobile page error')
    return render(c, <MessagePage title={PAGE.errorTitle} lines={[PAGE.error]} />, 500)
  })

  app.use(async (c, next) => {
    const nonce = randomBytes(12).toString('base64')
    c.set('nonce', nonce)
    const headers = () => {
      c.header('Cache-Control', 'no-store')
      c.header('Referrer-Policy', 'no-referrer')
      c.header('Content-Security-Policy', csp(nonce))
      c.header('X-Robots-Tag', 'noindex')
    }
    headers()
    if (c.req.method === 'POST' && !sameSite(c, config.XUEFA_PUBLIC_URL)) {
      return render(c, <MessagePage title={PAGE.refusedTitle} lines={[PAGE.crossSite]} />, 403)
    }
    await next()
    headers()
  })
  app.post(
    '*',
    bodyLimit({
      maxSize: PAGE_BODY_LIMIT,
      onError: (c) => render(c, <MessagePage title={PAGE.refusedTitle} lines={[PAGE.tooLarge]} />, 413),
    }),
  )

  const notFound = (c: PageContext) => render(c, <MessagePage title={PAGE.notFoundTitle} lines={[PAGE.notFound]} />, 404)
  const refused = (c: PageContext, back: string) =>
    render(c, <MessagePage title={PAGE.refusedTitle} lines={[PAGE.refused]} back={back} />, 403)

  /** The claims of a live link; otherwise the page that says why (404, or expired / revoked with the offer). */
  async function claimsOf(c: PageContext, token: string): Promise<LinkClaims | Response> {
    const check = await (await links()).check(token, clock.now())
    if (check.ok) return check.claims
    if (check.reason === 'invalid') return notFound(c)
    const flash = resendFlash(c.req.query('sent'))
    return render(c, <ExpiredPage reason={check.reason} action={`/m/${token}/resend`} flash={flash} />, 403)
  }

  app.get('/:token', async (c) => {
    const token = c.req.param('token')
    const claims = await claimsOf(c, token)
    if (claims instanceof Response) return claims
    if (claims.purpose === 'session')
      return sessionView(c, token, claims, { retake: c.req.query('retake') === '1', stale: c.req.query('stale') === '1' })
    return examView(c, token, claims, c.req.query('saved'))
  })

  async function sessionView(
    c: PageContext,
    token: string,
    claims: LinkClaims,
    o: { retake?: boolean; stale?: boolean; missing?: number[]; chosen?: Map<number, string> },
  ) {
    const session = await findSession(db, claims.ref)
    if (!session) return notFound(c)
    const head: SessionHead = {
      title: session.title,
      time: formatLocal(new Date(session.startsAt), tz),
      cancelled: session.status === 'cancelled',
      materials: await listSessionMaterials(db, session.id),
    }
    const quiz =
      session.status === 'cancelled'
        ? ({ kind: 'none' } as const)
        : await quizPage(await pageDeps(), claims.officialId, session.id, { retake: o.retake })
    const section = quizSection(quiz, token, o)
    return render(c, <SessionPage s={head} quiz={section} />, o.missing ? 422 : 200)
  }

  function quizSection(q: QuizPage, token: string, o: { stale?: boolean; missing?: number[]; chosen?: Map<number, string> }): QuizSection {
    const short = (iso: string | null) => (iso === null ? null : formatLocalShortZh(new Date(iso), tz))
    switch (q.kind) {
      case 'none':
        return { kind: 'none' }
      case 'not_open':
        return { kind: 'not_open', opens: short(q.quiz.opensAt) ?? '' }
      case 'closed':
        return { kind: 'closed' }
      case 'form':
        return {
          kind: 'form',
          action: `/m/${token}/quiz`,
          attemptNo: q.attemptNo,
          passScore: q.quiz.passScore,
          deadline: short(q.quiz.deadlineAt),
          questions: q.questions,
          missing: o.missing ?? [],
          chosen: o.chosen ?? new Map(),
          previousScore: q.previous ? fmtScore(q.previous.score.score) : null,
        }
      case 'result':
        return {
          kind: 'result',
          score: fmtScore(q.result.attempt.score ?? q.result.score.score),
          passScore: q.quiz.passScore,
          passed: q.result.attempt.passed ?? q.result.score.passed,
          pendingShort: q.result.score.pendingShort,
          questions: q.result.questions,
          retake: q.retake && q.quiz.retakes !== 'none' ? q.quiz.retakes : null,
          retakeHref: `/m/${token}?retake=1`,
          closed: q.closed,
          stale: o.stale === true,
        }
    }
  }

  app.post('/:token/quiz', async (c) => {
    const token = c.req.param('token')
    const claims = await claimsOf(c, token)
    if (claims instanceof Response) return claims
    if (claims.purpose !== 'session') return refused(c, `/m/${token}`)
    const form = await c.req.parseBody({ all: true })
    const attemptNo = Number(form.attempt_no)
    if (!Number.isSafeInteger(attemptNo) || attemptNo < 1) return refused(c, `/m/${token}`)
    const given = answersOf(form)
    const outcome = await submitQuizPage(await pageDeps(), claims.officialId, claims.ref, attemptNo, given)
    if (outcome.kind === 'missing') return sessionView(c, token, claims, { retake: true, missing: outcome.positions, chosen: given })
    return c.redirect(`/m/${token}${outcome.kind === 'stale' ? '?stale=1' : ''}`, 303)
  })

  const examIdOf = (claims: LinkClaims) => (/^\d{1,15}$/.test(claims.ref) ? Number(claims.ref) : null)

  async function examView(c: PageContext, token: string, claims: LinkClaims, saved: string | undefined) {
    const examId = examIdOf(claims)
    const p = examId === null ? null : await examPage(await pageDeps(), claims.officialId, examId)
    if (!p) return notFound(c)
    const e = { kind: p.exam.kind, proposedPost: p.exam.proposedPost, minutes: p.exam.minutes, passScore: p.exam.passScore }
    switch (p.kind) {
      case 'not_open':
        return render(c, <ExamNotOpenPage e={e} opens={formatLocalShortZh(new Date(p.exam.opensAt), tz)} />)
      case 'intro':
        return render(
          c,
          <ExamIntroPage
            e={e}
            sitting={p.sitting}
            questions={p.questions}
            sittings={p.sittings}
            action={`/m/${token}/start`}
            fmt={fmtScore}
          />,
        )
      case 'finished':
        return render(c, <ExamFinishedPage e={e} sittings={p.sittings} fmt={fmtScore} />)
      case 'annual': {
        const at = (iso: string) => formatLocalShortZh(new Date(iso), tz)
        const a = {
          state: p.decision.kind,
          opens: at(p.terms.opensAt),
          closes: at(p.terms.closesAt),
          questions: p.questions,
          attempts: p.terms.attempts,
          used: p.sittings.length,
          best: p.best,
          sittings: p.sittings,
          action: `/m/${token}/start`,
        }
        return render(c, <ExamAnnualPage e={e} a={a} fmt={fmtScore} />)
      }
      case 'running': {
        const n = saved !== undefined && /^\d{1,3}$/.test(saved) ? Number(saved) : null
        return render(
          c,
          <ExamRunningPage
            e={e}
            sitting={p.sitting}
            attemptId={p.attemptId}
            questions={p.questions}
            remainingSeconds={p.remainingSeconds}
            ends={formatLocalShortZh(new Date(p.endsAt), tz)}
            action={`/m/${token}/save`}
            saveUrl={`/m/${token}/answer`}
            nonce={c.get('nonce')}
            flash={n === null ? null : PAGE.savedCount(n)}
          />,
        )
      }
    }
  }

  app.post('/:token/start', async (c) => {
    const token = c.req.param('token')
    const claims = await claimsOf(c, token)
    if (claims instanceof Response) return claims
    const examId = claims.purpose === 'exam' ? examIdOf(claims) : null
    if (examId === null) return refused(c, `/m/${token}`)
    const form = await c.req.parseBody()
    // the sitting the button was for: a start sent again (a replay, an old tab) after that sitting must not begin the next
    const sitting = typeof form.sitting === 'string' && /^\d{1,2}$/.test(form.sitting) ? Number(form.sitting) : null
    await startExamOnPage(await pageDeps(), claims.officialId, examId, sitting)
    return c.redirect(`/m/${token}`, 303)
  })

  app.post('/:token/save', async (c) => {
    const token = c.req.param('token')
    const claims = await claimsOf(c, token)
    if (claims instanceof Response) return claims
    const examId = claims.purpose === 'exam' ? examIdOf(claims) : null
    const form = await c.req.parseBody({ all: true })
    const attemptId = Number(form.attempt)
    if (examId === null || !Number.isSafeInteger(attemptId)) return refused(c, `/m/${token}`)
    const handIn = form.action === 'handin'
    const outcome = await saveExamAnswers(await pageDeps(), claims.officialId, examId, attemptId, answersOf(form), handIn)
    if (outcome.kind === 'refused') return refused(c, `/m/${token}`)
    return c.redirect(outcome.kind === 'saved' ? `/m/${token}?saved=${outcome.saved}` : `/m/${token}`, 303)
  })

  /** The script's save of one answer: `{ attempt, position, value }` → `{ ok, remainingSeconds }` or `{ closed: true }`. */
  app.post('/:token/answer', async (c) => {
    const check = await (await links()).check(c.req.param('token'), clock.now())
    if (!check.ok || check.claims.purpose !== 'exam') return c.json({ ok: false }, check.ok ? 403 : 404)
    const examId = examIdOf(check.claims)
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return c.json({ ok: false }, 400)
    }
    const b = (body ?? {}) as { attempt?: unknown; position?: unknown; value?: unknown }
    if (examId === null || !Number.isSafeInteger(b.attempt) || !Number.isSafeInteger(b.position) || typeof b.value !== 'string')
      return c.json({ ok: false }, 400)
    const given = new Map([[b.position as number, b.value.slice(0, 2000)]])
    const outcome = await saveExamAnswers(await pageDeps(), check.claims.officialId, examId, b.attempt as number, given, false)
    if (outcome.kind === 'refused') return c.json({ ok: false }, 403)
    if (outcome.kind === 'closed') return c.json({ ok: false, closed: true })
    return c.json({ ok: outcome.saved > 0, remainingSeconds: outcome.remainingSeconds })
  })

  /** The offer of an expired or revoked link: a fresh one to the person's bound chat, rate-limited. */
  app.post('/:token/resend', async (c) => {
    const token = c.req.param('token')
    const check = await (await links()).check(token, clock.now())
    if (check.ok) return c.redirect(`/m/${token}`, 303)
    if (check.reason === 'invalid') return notFound(c)
    const outcome = await resendLink({ db, clock, links: await links() }, check.claims)
    deps.logger.info({ officialId: check.claims.officialId, outcome }, 'personal link sent again')
    return c.redirect(`/m/${token}?sent=${outcome}`, 303)
  })

  // anything else under /m is a page that does not exist, said the page's way
  app.all('*', (c) => notFound(c))

  return app
}

function resendFlash(sent: string | undefined): string | null {
  const said: Record<ResendOutcome, string> = {
    sent: PAGE.resent,
    too_soon: PAGE.resendTooSoon,
    day_limit: PAGE.resendDayLimit,
    unbound: PAGE.resendUnbound,
    gone: PAGE.resendGone,
  }
  return sent !== undefined && Object.hasOwn(said, sent) ? said[sent as ResendOutcome] : null
}
