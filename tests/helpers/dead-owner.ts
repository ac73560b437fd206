import { spawn } from 'node:child_process'
import { hostname } from 'node:os'

/**
 * A lease holder that was a real process of this host and has exited (src/owner.ts's form `ROLE@HOST:PID:START`):
 * what a restarted xuefa finds after its predecessor was killed.
 */
export async function deadOwner(role: string): Promise<string> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  const pid = child.pid!
  await new Promise((r) => child.on('exit', r))
  return `${role}@${hostname()}:${pid}:1`
}
