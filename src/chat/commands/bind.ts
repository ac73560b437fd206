import { formatLocalShortZh } from '../../calendar.js'
import { redeemBindCode } from '../../roster/binding.service.js'
import { COPY, copyFor } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { claimMessage, DUPLICATE, runOnce } from '../once.js'
import type { Handler } from '../router.js'

/** 绑定 123456 — binds this chat account to the roster entry of a one-time code. */
export function bindCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const now = deps.clock.now()
    const code = ctx.args.replace(/\s+/g, '')
    if (!/^\d{6}$/.test(code)) {
      if (await claimMessage(deps.db, ctx, now)) await ctx.reply(COPY.bindUsage)
      return
    }
    const r = await runOnce(deps.db, ctx, now, (tx) =>
      redeemBindCode(tx, { channel: ctx.channel, account: ctx.account, contactId: ctx.contactId, code, now }),
    )
    if (r === DUPLICATE) return
    deps.logger.info({ messageId: ctx.messageId, outcome: r.kind }, 'chat bind attempt')
    switch (r.kind) {
      case 'bound':
        ctx.official = r.official
        await ctx
          .rememberContact(r.aliasKey)
          .catch((err: unknown) => deps.logger.warn({ err, officialId: r.official.id }, 'could not set contact alias'))
        return ctx.reply(COPY.bindOk(r.official.name))
      case 'already':
        return ctx.reply(copyFor(ctx.channel).bindAlready(r.official.name))
      case 'locked':
        return ctx.reply(COPY.bindLocked(formatLocalShortZh(r.until, deps.tz)))
      case 'wrong':
        return ctx.reply(COPY.bindWrong(r.triesLeft))
      case 'expired':
        return ctx.reply(COPY.bindExpired)
      case 'used':
        return ctx.reply(COPY.bindUsed)
      case 'taken':
        return ctx.reply(COPY.bindTaken)
    }
  }
}
