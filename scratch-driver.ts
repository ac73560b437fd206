
import { createInterface } from 'node:readline'
import { createXuefa } from './src/main.js'
import { createLogger } from './src/log.js'
let offset = 0
const app = await createXuefa({
  dbUrl: process.argv[2],
  clock: { now: () => new Date(Date.now() + offset) },
  port: 0,
  host: '127.0.0.1',
  loops: false,
  env: { ...process.env, XUEFA_BOT: 'off', XUEFA_BANK: 'off', XUEFA_LOG_LEVEL: 'error' },
  logger: createLogger('error', process.stderr),
})
const first = await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
if (first.done) process.exit(0)
offset = Number(first.value) - Date.now()
await app.start()
process.stdout.write('@@' + app.port + '\
')
