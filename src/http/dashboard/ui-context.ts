import type { Child } from 'hono/jsx'
import { html } from 'hono/html'
import type { Executor } from '../../storage/db.js'
import { AppError } from '../../errors.js'
import { findUnit, listUnitsUnderPath, type Unit } from '../../roster/units.repo.js'
import { localYear } from '../../calendar.js'
import type { Clock } from '../../clock.js'
import type { AuthInfo } from '../common/types.js'
import type { PageUser } from './views/layout.js'
import type { UnitOption } from './views/filters.js'
import type { UiContext } from './ui-env.js'

/** What the viewer may see: the subtree of the token's unit ('/' = every unit), with names. */
export interface Scope {
  path: string
  units: Unit[]
  byCode: Map<string, Unit>
}

/** A scoped token whose unit no longer exists sees nothing rather than everything. */
export async function loadScope(ex: Executor, auth: AuthInfo): Promise<Scope> {
  const path = auth.unitCode === null ? '/' : ((await findUnit(ex, auth.unitCode))?.path ?? '/\u0000/')
  const units = await listUnitsUnderPath(ex, path)
  return { path, units, byCode: new Map(units.map((u) => [u.code, u])) }
}

export function unitOptions(scope: Scope): UnitOption[] {
  const base = scope.path === '/' ? 1 : scope.path.split('/').length - 2
  return scope.units.map((u) => ({ code: u.code, name: u.name, depth: Math.max(0, u.path.split('/').length - 2 - base) }))
}

export function unitName(scope: Scope, code: string): string {
  return scope.byCode.get(code)?.name ?? code
}

export function pageUser(c: UiContext, scope: Scope): PageUser {
  const auth = c.get('auth')
  return { role: auth.role, unitCode: auth.unitCode, unitName: auth.unitCode ? unitName(scope, auth.unitCode) : null, csrf: c.get('csrf') }
}

export function canChange(auth: AuthInfo): boolean {
  return auth.role === 'admin' || auth.role === 'organizer'
}

export function render(
  c: UiContext,
  page: Child,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 = 200,
): Response | Promise<Response> {
  return c.html(html`<!doctype html>${page}`, status)
}

/** `?year=` when it is a sensible year, else the current local year. */
export function yearParam(text: string | undefined, clock: Clock, tz: string): number {
  const y = Number(text)
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : localYear(clock.now(), tz)
}

/** A unit filter from the query: '' when absent; a unit outside the viewer's units is refused (403 page). */
export function unitParam(scope: Scope, text: string | undefined): string {
  if (!text) return ''
  if (!scope.byCode.has(text)) throw new AppError('FORBIDDEN', `unit ${text} is outside the viewer's units`)
  return text
}
