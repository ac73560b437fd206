import { createXuefa } from '../main.js'
import { openingDb, readConfig } from './context.js'
import { CLI_ERRORS } from './copy.zh.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

/** Serves until SIGINT or SIGTERM, then stops as README says; a second signal exits at once. */
export async function runServe(io: CliIo): Promise<void> {
  const config = await readConfig(io.env)
  const app = await openingDb(config, () => createXuefa({ port: config.PORT, host: config.HOST, env: io.env }))
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      app.logger.warn({ signal }, 'second signal: exiting now')
      process.exit(130)
    }
    stopping = true
    app.logger.info({ signal }, 'stopping: finishing the work in hand')
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'stop failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    await openingDb(config, () => app.start(), { onlyDbErrors: true })
  } catch (e) {
    // whatever started is stopped (the scheduler, the bot, the database), so the process can end with its code
    await app.stop().catch(() => undefined)
    throw listenRefusal(e, config.HOST, config.PORT) ?? e
  }
  io.stderr.write(`xuefa 已启动: http://${config.HOST}:${app.port}/healthz  (Ctrl+C 停止)\n`)
  io.stderr.write(
    `管理页面 http://${config.HOST}:${app.port}/ui  接口文档 http://${config.HOST}:${app.port}/docs  (登录令牌: npx xuefa token create --role admin)\n`,
  )
}

/** The port taken, or not ours to take: one line instead of the listener's stack. */
function listenRefusal(e: unknown, host: string, port: number): CliExit | undefined {
  const cause = e instanceof CliExit ? undefined : (e as NodeJS.ErrnoException)
  if (cause?.code === 'EADDRINUSE') return new CliExit(1, CLI_ERRORS.portTaken(host, port))
  if (cause?.code === 'EACCES' && cause.syscall === 'listen') return new CliExit(1, CLI_ERRORS.portDenied(host, port))
  return undefined
}
