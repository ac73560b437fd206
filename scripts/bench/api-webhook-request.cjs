// autocannon setupRequest for the webhook runs (a file, because autocannon's worker threads require() it):
// every request gets a fresh event id and a valid signature over the same body.
const { createHmac } = require('node:crypto')
const { threadId } = require('node:worker_threads')

const secret = process.env.XUEFA_BENCH_WEBHOOK_SECRET || ''
const body = process.env.XUEFA_BENCH_WEBHOOK_BODY || '{"meetings":[]}'
let sent = 0

module.exports = function setupRequest(request) {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')
  sent += 1
  return {
    ...request,
    method: 'POST',
    body,
    headers: {
      ...request.headers,
      'content-type': 'application/json',
      'x-xuefa-timestamp': timestamp,
      'x-xuefa-event-id': `bench-${process.pid}-${threadId}-${sent}`,
      'x-xuefa-signature': `sha256=${signature}`,
    },
  }
}
