import type { Child } from 'hono/jsx'
import { APP_NAME, ERRORS, NAV, ROLE_ZH } from './copy.zh.js'

/** Who is looking, as every page header shows it; `csrf` goes into every form. */
export interface PageUser {
  role: string
  unitCode: string | null
  unitName: string | null
  csrf: string
}

export type NavKey = 'calendar' | 'sessions' | 'newSession' | 'exams' | 'schedules' | 'bot' | 'imports' | 'report'

const NAV_LINKS: [NavKey, string][] = [
  ['calendar', '/ui/calendar'],
  ['sessions', '/ui/sessions'],
  ['newSession', '/ui/sessions/new'],
  ['exams', '/ui/exams'],
  ['schedules', '/ui/schedules'],
  ['bot', '/ui/bot'],
  ['imports', '/ui/imports'],
  ['report', '/ui/report'],
]

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

export function Flash(props: { message?: string | null; kind?: 'ok' | 'error' }) {
  if (!props.message) return null
  return (
    <p class={`flash flash-${props.kind ?? 'ok'}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.message}
    </p>
  )
}

/** What a form refused, one line each, above the form. */
export function FlashErrors(props: { errors: string[]; lead?: string }) {
  if (props.errors.length === 0) return null
  return (
    <div class="flash flash-error" role="alert">
      {props.lead ? <p>{props.lead}</p> : null}
      <ul>
        {props.errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  )
}

function Header(props: { user: PageUser; active?: NavKey }) {
  const { user } = props
  return (
    <header class="top">
      <a class="brand" href="/ui/sessions">
        {APP_NAME}
      </a>
      <nav aria-label={NAV.label}>
        <ul>
          {NAV_LINKS.map(([key, href]) => (
            <li>
              <a href={href} aria-current={props.active === key ? 'page' : undefined}>
                {NAV[key]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who">
        <span>
          {ROLE_ZH[user.role] ?? user.role}
          {user.unitName ? ` · ${user.unitName}` : ''}
        </span>
        <form method="post" action="/ui/logout" class="inline">
          <CsrfField token={user.csrf} />
          <button type="submit" class="link">
            {NAV.logout}
          </button>
        </form>
      </div>
    </header>
  )
}

export function Layout(props: { title: string; user?: PageUser; active?: NavKey; children?: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${APP_NAME}`}</title>
        <link rel="stylesheet" href="/ui/assets/ui.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {NAV.skip}
        </a>
        {props.user ? <Header user={props.user} active={props.active} /> : null}
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  )
}

export function ErrorPage(props: { status: number; message: string; user?: PageUser }) {
  return (
    <Layout title={ERRORS.title(props.status)} user={props.user}>
      <p role="alert">{props.message}</p>
      <p>
        <a href="/ui/sessions">{ERRORS.back}</a>
      </p>
    </Layout>
  )
}
