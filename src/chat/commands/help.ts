import { COPY, copyFor } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'

/** 帮助 — the commands (organizers also see theirs). */
export function helpCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    if (!(await claimMessage(deps.db, ctx, deps.clock.now()))) return
    const { help } = copyFor(ctx.channel)
    await ctx.reply(ctx.official?.isOrganizer ? `${help}\n\n${COPY.helpOrganizer}` : help)
  }
}

/** Anything no command understood. */
export function unknownCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    if (!(await claimMessage(deps.db, ctx, deps.clock.now()))) return
    await ctx.reply(COPY.unknown)
  }
}
