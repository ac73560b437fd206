// autocannon setupRequest for the webhook runs (a file, because autocannon's worker threads require() it):
// every request gets a fresh event id and a valid signature over it and the same body.
const { createHmac } = require('node:crypto')
const { threadId } = require('node:worker_threads')

const secret = process.env.XUEFA_BENCH_WEBHOOK_SECRET || ''
const body = process.env.XUEFA_BENCH_WEBHOOK_BODY || '{"meetings":[]}'
let sent = 0

module.exports = function setupRequest(request) {
  // Standard Webhooks (CONTRACT §3): the id is signed with the timestamp and the body
  const timestamp = String(Math.floor(Date.now() / 1000))
  sent += 1
  const id = `bench-${process.pid}-${threadId}-${sent}`
  const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(body).digest('base64')
  return {
    ...request,
    method: 'POST',
    body,
    headers: {
      ...request.headers,
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
  }
}
