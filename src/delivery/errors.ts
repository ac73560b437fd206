/**
 * The one vocabulary every Channel (Wechaty, group robots, tests' fakes) uses to tell the sender what went
 * wrong: ThrottledError (wait as told, then the same row), ChannelUnavailableError (wait, without spending a
 * try), PermanentDeliveryError (fail the row now: retrying cannot help). Anything else is transient and is
 * retried with backoff up to the row's tries.
 */

/**
 * The platform asked us to slow down; try the same message again after `retryAfterMs`. `recipientOnly`: the limit is
 * the one recipient's (WeCom's 30 a minute to a member), so only the rows to them wait and the account sends on.
 */
export class ThrottledError extends Error {
  readonly retryAfterMs: number
  readonly recipientOnly: boolean
  constructor(message: string, retryAfterMs: number, o: { recipientOnly?: boolean } = {}) {
    super(message)
    this.name = 'ThrottledError'
    this.retryAfterMs = retryAfterMs
    this.recipientOnly = o.recipientOnly ?? false
  }
}

/** Retrying cannot help (bad key or signature, unknown robot, message refused): the row fails at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PermanentDeliveryError'
  }
}

/** The channel cannot send right now (logged out, reconnecting): try again later without counting an attempt. */
export class ChannelUnavailableError extends Error {
  readonly retryAfterMs: number
  constructor(message: string, retryAfterMs = 30_000) {
    super(message)
    this.name = 'ChannelUnavailableError'
    this.retryAfterMs = retryAfterMs
  }
}
