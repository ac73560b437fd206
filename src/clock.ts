export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that moves only when told to: what tests and the demo use. */
export class ManualClock implements Clock {
  #ms: number
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.#ms)
  }
  set(to: Date | string): void {
    this.#ms = new Date(to).getTime()
  }
  advance(ms: number): Date {
    this.#ms += ms
    return this.now()
  }
  advanceMinutes(minutes: number): Date {
    return this.advance(minutes * 60_000)
  }
}
