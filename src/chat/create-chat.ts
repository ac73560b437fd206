import { COPY, TRIGGERS } from './copy.zh.js'
import type { Channel, ContactActions, IncomingMessage } from '../delivery/channel.js'
import { createChatContext } from './context.js'
import { withChatDefaults, type ChatDeps, type ChatDepsInput } from './deps.js'
import {
  groupGate,
  ignoreProcessed,
  ignoreSelfAndBots,
  ignoreStale,
  limitPerContact,
  organizerOnly,
  requireBinding,
  resolveOfficial,
} from './filters.js'
import { createRouter, type Router } from './router.js'
import { bindCommand } from './commands/bind.js'
import { checkinCommand } from './commands/checkin.js'
import { leaveCommand } from './commands/leave.js'
import { recordCommand } from './commands/record.js'
import { helpCommand, unknownCommand } from './commands/help.js'
import { statsCommand } from './commands/stats.js'
import { remindCommand } from './commands/remind.js'
import { cancelDraftCommand, confirmCommand, scheduleCommand } from './commands/schedule.js'

/**
 * A feature plugs its commands into the router, e.g. the quizzes' 答题, answer letters and 任前考试:
 *   (router, deps) => router.command(TRIGGERS_QUIZ.start, startQuiz(deps)).command(isAnswerLetters, answer(deps))
 * Features run after the built-in commands and before the fallback (the fallback always runs last),
 * so an answer letter (A / ACD / 对 / 错) reaches its handler instead of the "unknown" reply.
 * Handlers behind the filters always see a bound official (ctx.official); they must record the
 * message with runOnce (with their effect) or claimMessage (before replying) from ./once.js.
 */
export type ChatFeature = (router: Router, deps: ChatDeps) => void

export interface Chat {
  readonly router: Router
  readonly deps: ChatDeps
  /** the extension point: adds a feature's commands (before the fallback) */
  registerChatFeature(feature: ChatFeature): void
  /**
   * what the platform adapter calls for every incoming message; `via` is the Channel of the account the message
   * came to, so the reply goes out from it (default: deps.channel, the one account)
   */
  handleIncoming(message: IncomingMessage, actions: ContactActions, via?: Channel): Promise<void>
}

export function createChat(input: ChatDepsInput & { channel: Channel }, features: ChatFeature[] = []): Chat {
  const deps = withChatDefaults(input)
  const router = createRouter({ logger: deps.logger, apology: COPY.apology })
    .use(
      ignoreSelfAndBots(),
      ignoreStale(deps),
      ignoreProcessed(deps),
      limitPerContact(deps, deps.contactLimits),
      resolveOfficial(deps),
      groupGate(deps),
      requireBinding(deps),
    )
    .command(TRIGGERS.bind, bindCommand(deps))
    .command(TRIGGERS.checkin, checkinCommand(deps))
    .command(TRIGGERS.leave, leaveCommand(deps))
    .command(TRIGGERS.record, recordCommand(deps))
    .command(TRIGGERS.help, helpCommand(deps))
    .command(TRIGGERS.stats, organizerOnly(deps, statsCommand(deps)))
    .command(TRIGGERS.remind, organizerOnly(deps, remindCommand(deps)))
    .command(TRIGGERS.schedule, organizerOnly(deps, scheduleCommand(deps)))
    .command(TRIGGERS.confirm, organizerOnly(deps, confirmCommand(deps)))
    .command(TRIGGERS.cancel, organizerOnly(deps, cancelDraftCommand(deps)))
    .fallback(unknownCommand(deps))
  for (const feature of features) feature(router, deps)
  return {
    router,
    deps,
    registerChatFeature: (feature) => feature(router, deps),
    handleIncoming: (message, actions, via) => router.handle(createChatContext(message, via ?? deps.channel, actions)),
  }
}
