/**
 * Who holds a lease, and whether it is dead. Every lease xuefa writes (a running job, a bot account's sender, a
 * message in flight, an `Idempotency-Key` in progress) names its holder as `ROLE@HOST:PID:START` — the host, the
 * process id and the moment the process started. A process that restarts after a crash finds its predecessor's
 * leases and, when the holder ran on this same host and is gone, takes the work at once instead of waiting the lease
 * out:
 *
 * - same host, same pid, another start: the predecessor (a container's pid 1 restarted, or a pid reused by us) — dead;
 * - same host, another pid that no longer exists (`kill(pid, 0)` says ESRCH) — dead;
 * - anything else (a live pid, perhaps reused by an unrelated process; another host; an owner written in another
 *   form) — alive as far as we can tell, and its lease is waited out. Leases are short and renewed while the work
 *   runs (a heartbeat), so that wait is bounded too.
 *
 * The check can only err towards waiting: it never declares a running xuefa dead. Hosts that share one database must
 * have different host names (they do by default, containers included).
 */
import { hostname } from 'node:os'

const HOST = hostname()
const START = Math.round(performance.timeOrigin)
const FORM = /@(.+):(\d+):(\d+)$/

/** This process as a lease holder, for one role (`jobs`, `send`, `http`, …). */
export function processOwner(role: string): string {
  return `${role}@${HOST}:${process.pid}:${START}`
}

/** True only when `owner` certainly names a process on this host that is no longer running (see above). */
export function ownerIsDead(owner: string | null | undefined): boolean {
  const m = owner ? FORM.exec(owner) : null
  if (!m || m[1] !== HOST) return false
  const pid = Number(m[2])
  if (pid === process.pid) return Number(m[3]) !== START
  try {
    process.kill(pid, 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** The holders among `owners` that are certainly dead, each once. */
export function deadOwners(owners: Iterable<string | null>): string[] {
  return [...new Set([...owners].filter((o): o is string => ownerIsDead(o)))]
}
