import { localDate } from '../calendar.js'
import { findOfficial, type Official } from '../roster/officials.repo.js'
import { findBindingByAlias, findBindingByContact, updateBindingContact } from '../roster/binding.repo.js'
import { COPY, copyFor, TRIGGERS } from './copy.zh.js'
import { DEFAULT_CONTACT_LIMITS, type ChatDeps, type ContactLimits } from './deps.js'
import { claimMessage } from './once.js'
import { isProcessed, recordProcessed } from './processed.repo.js'
import { matchTrigger, type Handler, type Middleware } from './router.js'
import { findCheckinSession } from '../sessions/lookup.service.js'

/** The bot never answers itself, official accounts or other bots. */
export function ignoreSelfAndBots(): Middleware {
  return async (ctx, next) => {
    if (ctx.fromSelf || ctx.fromBot) return
    await next()
  }
}

/** Old messages replayed after a reconnect are not acted upon. */
export function ignoreStale(deps: ChatDeps): Middleware {
  return async (ctx, next) => {
    const age = deps.clock.now().getTime() - ctx.sentAt.getTime()
    if (age > deps.maxMessageAgeMs) {
      deps.logger.info({ messageId: ctx.messageId, ageMs: age }, 'chat message too old, ignored')
      return
    }
    await next()
  }
}

/** A message seen before is dropped here; the write that records it (runOnce) settles races. */
export function ignoreProcessed(deps: ChatDeps): Middleware {
  return async (ctx, next) => {
    if (await isProcessed(deps.db, ctx.messageId)) {
      deps.logger.info({ messageId: ctx.messageId }, 'chat message already processed, ignored')
      return
    }
    await next()
  }
}

const TEN_MINUTES = 10 * 60_000
const DAY = 24 * 3600_000

/**
 * One person writing without pause must not spend the account's sends: replies go before the fan-out and may use
 * the whole daily cap, so past these limits the bot says once that it will wait, and then stays silent until the
 * window moves. Kept in this process's memory (one process per account), so a restart forgets it.
 */
export function limitPerContact(deps: ChatDeps, limits: ContactLimits = DEFAULT_CONTACT_LIMITS): Middleware {
  /** when each person's recent messages were acted upon */
  const seen = new Map<string, number[]>()
  /** those told to wait, until they are under the limits again */
  const told = new Set<string>()
  let calls = 0
  return async (ctx, next) => {
    const now = deps.clock.now().getTime()
    if (++calls % 1000 === 0) for (const [k, t] of seen) if (t[t.length - 1]! <= now - DAY) seen.delete(k)
    const key = `${ctx.channel}:${ctx.account}:${ctx.contactId}`
    const times = (seen.get(key) ?? []).filter((t) => t > now - DAY)
    seen.set(key, times)
    const recent = times.filter((t) => t > now - TEN_MINUTES).length
    if (recent >= limits.perTenMinutes || times.length >= limits.perDay) {
      if (told.has(key)) return
      told.add(key)
      deps.logger.warn({ account: ctx.account, recent, today: times.length }, 'chat: a contact writes too fast; not answering for now')
      const overDay = times.length >= limits.perDay
      if (await claimMessage(deps.db, ctx, deps.clock.now())) await ctx.reply(overDay ? COPY.tooManyToday : COPY.tooFast)
      return
    }
    told.delete(key)
    times.push(now)
    await next()
  }
}

/** Looks the sender up in chat_bindings; after a re-login with new ids, by the alias kept in the remark. */
export function resolveOfficial(deps: ChatDeps): Middleware {
  return async (ctx, next) => {
    let binding = await findBindingByContact(deps.db, ctx.channel, ctx.contactId)
    if (!binding && ctx.contactAlias) {
      binding = await findBindingByAlias(deps.db, ctx.contactAlias)
      if (binding && binding.channel === ctx.channel) {
        const { officialId } = binding
        await deps.db.write((tx) => updateBindingContact(tx, officialId, ctx.contactId)) // through the write lock
        deps.logger.info({ officialId: binding.officialId }, 'chat binding followed a new contact id via alias')
      } else binding = null
    }
    ctx.official = binding ? await findOfficial(deps.db, binding.officialId) : null
    await next()
  }
}

const isBareCheckin = (text: string) => TRIGGERS.checkin.some((t) => matchTrigger(text, t) === '')

/**
 * In a group, only messages that @-mention the bot count — and a bare 签到 while a check-in window is open
 * (the session found is handed to the 签到 handler, which does not look it up again).
 */
export function groupGate(deps: ChatDeps): Middleware {
  return async (ctx, next) => {
    if (ctx.roomId === null || ctx.mentioned) return next()
    if (!isBareCheckin(ctx.text) || !ctx.official) return
    const open = await findCheckinSession(deps.db, ctx.official.id, deps.clock.now())
    if (!open) return
    ctx.openCheckin = open
    await next()
  }
}

/** Unbound people get one polite instruction a day; only 绑定 goes through. */
export function requireBinding(deps: ChatDeps): Middleware {
  return async (ctx, next) => {
    if (ctx.official || TRIGGERS.bind.some((t) => matchTrigger(ctx.text, t) !== null)) return next()
    const now = deps.clock.now()
    const noticeKey = `unbound-notice:${ctx.channel}:${ctx.contactId}:${localDate(now, deps.tz)}`
    const first = await deps.db.write(async (tx) => {
      if (!(await recordProcessed(tx, ctx.messageId, ctx.channel, now))) return false
      return recordProcessed(tx, noticeKey, ctx.channel, now)
    })
    if (first) await ctx.reply(copyFor(ctx.channel).unbound)
  }
}

/** Handlers behind requireBinding read the official through this. */
export function boundOfficial(ctx: { official: Official | null }): Official {
  if (!ctx.official) throw new Error('handler reached without a bound official')
  return ctx.official
}

/** Organizer commands: a bound official with officials.is_organizer = 1. */
export function organizerOnly(deps: ChatDeps, handler: Handler): Handler {
  return async (ctx) => {
    if (boundOfficial(ctx).isOrganizer) return handler(ctx)
    if (await claimMessage(deps.db, ctx, deps.clock.now())) await ctx.reply(COPY.notOrganizer)
  }
}
