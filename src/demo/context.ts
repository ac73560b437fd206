/** What every step of the demo gets, and the organizer's side of it: API calls with the county's token. */
import type { Xuefa } from '../main.js'
import type { ManualClock } from '../clock.js'
import { localDateTime } from '../calendar.js'
import type { Random } from './random.js'
import { DemoStepError, type SimPerson, type WeChatWorld } from './wechat.js'

export interface DemoContext {
  app: Xuefa
  clock: ManualClock
  world: WeChatWorld
  random: Random
  tz: string
  year: number
  /** the organizer token of the county (what the dashboard log-in takes) */
  token: string
  /** one progress line (a numbered step, or a detail under it) */
  say(line: string): void
  people: Map<string, SimPerson>
}

export function personOf(ctx: DemoContext, officialId: string): SimPerson {
  const p = ctx.people.get(officialId)
  if (!p) throw new DemoStepError(`official ${officialId} has no simulated WeChat account`)
  return p
}

/** Local 'YYYY-MM-DD' + 'HH:mm' in the deployment's zone. */
export function at(ctx: DemoContext, ymd: string, hhmm: string): Date {
  return localDateTime(ymd, hhmm, ctx.tz)
}

/** Moves the manual clock forward to `to`; never back (sending already moved it a little, pacing the bot). */
export function advanceTo(ctx: DemoContext, to: Date): void {
  if (to.getTime() > ctx.clock.now().getTime()) ctx.clock.set(to)
}

/** An organizer's API call, in process through the app's fetch handler; any error status stops the demo. */
export async function api<T>(ctx: DemoContext, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const res = await ctx.app.fetch(
    new Request(`http://xuefa.demo/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  const text = await res.text()
  if (!res.ok) throw new DemoStepError(`${method} /api/v1${path} answered ${res.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as T
}

/** Runs the due jobs, then sends what they queued; returns when the outbox has nothing due. */
export async function runTimeline(ctx: DemoContext): Promise<void> {
  const stats = await ctx.app.scheduler.runOnce()
  if (stats.failed + stats.retried > 0)
    throw new DemoStepError(`${stats.failed + stats.retried} scheduled job(s) failed; run with --verbose to see the logs`)
  await ctx.app.delivery.drainOnce()
}

/**
 * A phone opening a page of the app (a personal link), in process through the app's fetch handler: GET `url`, or
 * POST `form` from the page's own origin as a browser would; a redirect (POST-redirect-GET) is followed. Returns
 * the page's HTML; an error status stops the demo.
 */
export async function openPage(ctx: DemoContext, url: string, form?: URLSearchParams): Promise<string> {
  let res = await ctx.app.fetch(
    form
      ? new Request(url, {
          method: 'POST',
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
        })
      : new Request(url),
  )
  for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 3; hops++) {
    const location = res.headers.get('location')
    if (!location) break
    res = await ctx.app.fetch(new Request(new URL(location, url).href))
  }
  const html = await res.text()
  if (!res.ok) throw new DemoStepError(`the page ${new URL(url).pathname.slice(0, 3)}… answered ${res.status}`)
  return html
}
