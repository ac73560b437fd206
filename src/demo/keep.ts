/** `xuefa demo --keep`: the server on the demo's database (no chat bot), until Ctrl+C. */
import { createXuefa, type Xuefa } from '../main.js'
import { createLogger } from '../log.js'
import type { Config } from '../config.js'
import { DEMO_COPY as C } from './copy.zh.js'
import { DEMO_TZ } from './run-demo.js'

export interface KeptServer {
  app: Xuefa
  baseUrl: string
}

export async function serveDemoDatabase(
  dbUrl: string,
  token: string,
  config: Pick<Config, 'PORT' | 'HOST'>,
  write: (line: string) => void,
  options: { handleSignals?: boolean; logLevel?: 'silent' | 'warn' | 'info' } = {},
): Promise<KeptServer> {
  const dbPath = dbUrl.replace(/^file:/, '')
  write(C.keepStarting(dbPath))
  const app = await createXuefa({
    dbUrl,
    port: config.PORT,
    host: config.HOST,
    env: { XUEFA_DB_URL: dbUrl, XUEFA_TZ: DEMO_TZ, XUEFA_BOT: 'off' },
    logger: createLogger(options.logLevel ?? 'warn'),
  })
  if (options.handleSignals !== false) {
    const stop = () => {
      write(C.keptAt(dbPath))
      app.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
  await app.start()
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST
  const baseUrl = `http://${host}:${app.port}`
  write(C.keepReady(baseUrl, token))
  write(C.keptAt(dbPath))
  return { app, baseUrl }
}
