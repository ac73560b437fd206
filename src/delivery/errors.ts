/** How a Channel tells the sender what went wrong, so it can wait, retry or give up. */

/** The platform asked us to slow down; try the same message again after `retryAfterMs`. */
export class ThrottledError extends Error {
  readonly retryAfterMs: number
  constructor(message: string, retryAfterMs: number) {
    super(message)
    this.name = 'ThrottledError'
    this.retryAfterMs = retryAfterMs
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
