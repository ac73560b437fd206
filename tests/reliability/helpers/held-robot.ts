import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSignal } from '../../helpers/signal.js'

/** A WeCom group-robot endpoint that holds every request until the test lets it answer: a send "in hand". */
export async function startHeldRobot(): Promise<{
  url: string
  received: () => number
  /** resolves once `n` requests have been received in all */
  whenReceived(n: number): Promise<void>
  answered: () => number
  release(): void
  close(): Promise<void>
}> {
  const waiting: ServerResponse[] = []
  let received = 0
  let answered = 0
  let released = false
  const news = createSignal()
  const answer = (res: ServerResponse) => {
    answered++
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}')
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    req.on('end', () => {
      received++
      news.notify()
      if (released) answer(res)
      else waiting.push(res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=held`,
    received: () => received,
    whenReceived: async (n) => void (await news.until(() => received >= n)),
    answered: () => answered,
    release() {
      released = true
      for (const res of waiting.splice(0)) answer(res)
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
