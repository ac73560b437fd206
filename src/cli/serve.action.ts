import { createXuefa } from '../main.js'
import { readConfig } from './context.js'
import type { CliIo } from './io.js'

/** Serves until SIGINT or SIGTERM, then stops as README says; a second signal exits at once. */
export async function runServe(io: CliIo): Promise<void> {
  const config = await readConfig(io.env)
  const app = await createXuefa({ port: config.PORT, host: config.HOST, env: io.env })
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
  await app.start()
  io.stderr.write(`xuefa 已启动: http://${config.HOST}:${app.port}/healthz  (Ctrl+C 停止)\n`)
  io.stderr.write(
    `管理页面 http://${config.HOST}:${app.port}/ui  接口文档 http://${config.HOST}:${app.port}/docs  (登录令牌: xuefa token create --role admin)\n`,
  )
}
