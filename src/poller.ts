/**
 * How the background loops (the job scheduler, the outbox sender) of a process on a remote database wait between
 * passes. Each pass of an idle loop asks the database whether anything is due; over a network that is a round trip,
 * so on a remote database the loops share one beat (every 5 s): released in the same turn of the event loop, their
 * reads go out together as one read batch (storage/db.ts), one round trip a beat for the idle process. Work this process
 * writes itself (a session's notices, a job it enqueues) does not wait for the beat: every commit of this process that
 * changed something wakes the loops at once (`wake`, wired to the database's commits by background.ts; a write that
 * changed nothing, such as a lease another process holds, wakes no one: Db.onCommit).
 *
 * On a local file the loops keep their own timers (cron every 5 s, the outbox every second): a local read costs microseconds.
 */

export interface Poller {
  /** A loop's place in the beat, until it leaves (on stop: a wait in progress resolves at once). */
  join(): PollMember
  /** Wakes every loop (once per turn, however many commits): what is due now need not wait for the beat. */
  wake(): void
}

export interface PollMember {
  /** resolves at the next beat, or at once if woken since the last wait (or after leaving) */
  wait(): Promise<void>
  leave(): void
}

/** How often an idle process asks a remote database whether anything is due. */
export const REMOTE_POLL_MS = 5000

interface Member {
  woken: boolean
  release: (() => void) | null
}

/** The beat runs while some loop has joined it: on real timers (unref'd), or on `sleep` (the tests' virtual time). */
export function createPoller(o: { intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {}): Poller {
  const intervalMs = o.intervalMs ?? REMOTE_POLL_MS
  const members = new Set<Member>()
  let wakeQueued = false
  let timer: NodeJS.Timeout | null = null
  let beating = false

  function beat(woken: boolean): void {
    for (const m of members) {
      const release = m.release
      if (release) {
        m.release = null
        release()
      } else if (woken) {
        // in the middle of a pass: what woke us may have been written after its reads, so it goes again at once
        m.woken = true
      }
    }
  }

  function startBeat(): void {
    if (beating) return
    beating = true
    if (o.sleep) {
      const sleep = o.sleep
      void (async () => {
        while (members.size > 0) {
          await sleep(intervalMs)
          beat(false)
        }
        beating = false
      })()
    } else {
      timer = setInterval(() => beat(false), intervalMs)
      timer.unref()
    }
  }

  function stopBeat(): void {
    if (timer) {
      clearInterval(timer)
      timer = null
      beating = false
    }
  }

  return {
    join() {
      const member: Member = { woken: false, release: null }
      let left = false
      members.add(member)
      startBeat()
      return {
        wait() {
          if (left) return Promise.resolve()
          if (member.woken) {
            member.woken = false
            return Promise.resolve()
          }
          return new Promise<void>((resolve) => {
            member.release = resolve
          })
        },
        leave() {
          left = true
          members.delete(member)
          member.release?.()
          member.release = null
          if (members.size === 0) stopBeat()
        },
      }
    },
    wake() {
      if (wakeQueued) return
      wakeQueued = true
      setImmediate(() => {
        wakeQueued = false
        beat(true)
      })
    },
  }
}
