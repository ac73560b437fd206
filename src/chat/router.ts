import type { Logger } from '../log.js'
import type { ChatContext } from './context.js'

export type Next = () => Promise<void>
/** A filter: calls `next()` to let the message through, or returns to stop it. */
export type Middleware = (ctx: ChatContext, next: Next) => Promise<void>
export type Handler = (ctx: ChatContext) => Promise<void>
/** A trigger word (matched at the start of the normalized text), a pattern, or a predicate. */
export type Trigger = string | RegExp | ((text: string) => boolean)

export interface Router {
  /** filters, run in the order added, before any command */
  use(...middleware: Middleware[]): Router
  /** the first command whose trigger matches handles the message; order of registration decides */
  command(triggers: Trigger | readonly Trigger[], handler: Handler): Router
  /** runs when no command matched */
  fallback(handler: Handler): Router
  handle(ctx: ChatContext): Promise<void>
}

export interface RouterOptions {
  logger: Logger
  /** what the person reads when a handler fails unexpectedly */
  apology: string
}

const asciiWord = /^[\x21-\x7e]+$/

/** The text after the trigger, or null when the trigger does not match. */
export function matchTrigger(text: string, trigger: Trigger): string | null {
  if (typeof trigger === 'function') return trigger(text) ? text : null
  if (trigger instanceof RegExp) return trigger.test(text) ? text : null
  const head = text.slice(0, trigger.length)
  if (head.toLowerCase() !== trigger.toLowerCase()) return null
  const rest = text.slice(trigger.length)
  if (rest === '') return ''
  // Latin triggers need a word boundary; Chinese ones may run into their argument (请假因病, 绑定123456).
  if (asciiWord.test(trigger) && !rest.startsWith(' ')) return null
  return rest.trim()
}

export function createRouter(options: RouterOptions): Router {
  const filters: Middleware[] = []
  const commands: { triggers: readonly Trigger[]; handler: Handler }[] = []
  let fallbackHandler: Handler | undefined

  async function dispatch(ctx: ChatContext): Promise<void> {
    for (const { triggers, handler } of commands) {
      for (const t of triggers) {
        const args = matchTrigger(ctx.text, t)
        if (args !== null) {
          ctx.args = args
          return handler(ctx)
        }
      }
    }
    if (fallbackHandler) await fallbackHandler(ctx)
  }

  function run(ctx: ChatContext, index: number): Promise<void> {
    const filter = filters[index]
    if (!filter) return dispatch(ctx)
    return filter(ctx, () => run(ctx, index + 1))
  }

  const router: Router = {
    use(...middleware) {
      filters.push(...middleware)
      return router
    },
    command(triggers, handler) {
      const list = Array.isArray(triggers) ? (triggers as readonly Trigger[]) : [triggers as Trigger]
      commands.push({ triggers: list, handler })
      return router
    },
    fallback(handler) {
      fallbackHandler = handler
      return router
    },
    async handle(ctx) {
      try {
        await run(ctx, 0)
      } catch (err) {
        options.logger.error({ err, messageId: ctx.messageId, channel: ctx.channel }, 'chat handler failed')
        await ctx
          .reply(options.apology)
          .catch((e: unknown) => options.logger.error({ err: e, messageId: ctx.messageId }, 'chat apology failed'))
      }
    },
  }
  return router
}
