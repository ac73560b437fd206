/**
 * What a test waits on instead of sleeping: `until(condition)` resolves once the condition holds, checked at once
 * and again at every `notify()`, which the test calls wherever the condition may have changed (a message heard, a
 * request received). No time limit of its own: the test's timeout is the limit.
 */
export interface Signal {
  notify(): void
  until<T>(condition: () => T | undefined | null | false): Promise<T>
}

export function createSignal(): Signal {
  let waiting: (() => void)[] = []
  return {
    notify() {
      const woken = waiting
      waiting = []
      for (const wake of woken) wake()
    },
    async until(condition) {
      for (;;) {
        const value = condition()
        if (value) return value
        await new Promise<void>((wake) => waiting.push(wake))
      }
    },
  }
}
