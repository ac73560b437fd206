import type { Context } from 'hono'
import { AppError } from '../errors.js'
import type { AppEnv } from './types.js'

const tooLarge = (limit: number) => new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`)

/**
 * The request body as bytes, refused with 413 beyond `limit` (by Content-Length before reading, and by count
 * while reading). Served by node, it is read straight from node's request: going through the Fetch
 * `Request` makes @hono/node-server build an undici Request and a web stream for every body, which cost the
 * signed webhook more than verifying and committing it. Under `app.request()` the Fetch body is read.
 */
export async function readBody(c: Context<AppEnv>, limit: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit)
  const incoming = c.env?.incoming
  if (incoming && typeof incoming[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      size += chunk.length
      // what is left unread is drained by @hono/node-server once the answer is sent
      if (size > limit) throw tooLarge(limit)
      chunks.push(chunk)
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
  }
  const body = new Uint8Array(await c.req.arrayBuffer())
  if (body.length > limit) throw tooLarge(limit)
  return body
}
