/** A stream a command writes to; `isTTY` when it is a terminal (a DOCX is refused there, a progress bar shown). */
export type CliStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number }

/**
 * What a command reads and writes besides its files and its database: the process's own streams and environment
 * when bin/xuefa.js runs it, captured ones when a test does.
 */
export interface CliIo {
  stdout: CliStream
  stderr: CliStream
  env: Record<string, string | undefined>
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env }
}
