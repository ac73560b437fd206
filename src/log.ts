import { pino, type Logger, type LevelWithSilent } from 'pino'

export type { Logger }

/** JSON lines on stderr (stdout belongs to the CLI's output). Tokens and phone numbers are redacted by key. */
export function createLogger(level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'xuefa' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'phone', '*.phone', 'secret', '*.secret'],
        censor: '[redacted]',
      },
    },
    (destination ?? pino.destination(2)) as pino.DestinationStream,
  )
}

export const silentLogger: Logger = pino({ level: 'silent' })
