import http from 'node:http'
import https from 'node:https'

/** The `fetch` the libSQL client calls for each request to a remote database (a Request in, a Response out). */
export type RemoteFetch = (request: Request) => Promise<Response>

/**
 * A libSQL server with namespaces (sqld `--enable-namespaces`) picks the database by the first label of the Host a
 * request names: `county-a.db.example` reaches the namespace `county-a`. Where no name resolves to the server for every
 * namespace (a bare address, a host without wildcard DNS), this sends each request to the URL's own address with the
 * Host `NAMESPACE.HOST` — which Node's own fetch cannot do, as it always sends the URL's host. Connections are kept
 * alive, as fetch's are, in one pool per process for every namespace of a server (the Host is a request's, not a
 * connection's). An agent per database was never closed with it: a process opening many namespaces (the test suite on
 * sqld, one per test database) held ~1,500 idle connections to the server, whose queries then waited for seconds while
 * its health route still answered; with one pool the server holds ~60–110 descriptors through the same run.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
}

export function namespaceFetch(namespace: string): RemoteFetch {
  return async (request) => {
    const url = new URL(request.url)
    const secure = url.protocol === 'https:'
    const headers: Record<string, string> = {}
    request.headers.forEach((value, key) => {
      headers[key] = value
    })
    headers.host = `${namespace}.${url.host}`
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
    if (body) headers['content-length'] = String(body.length)
    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: request.method,
          headers,
          agent: secure ? agents['https:'] : agents['http:'],
          // a TLS server is asked for its certificate under its own name, not the namespace's
          servername: secure ? url.hostname : undefined,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', reject)
          res.on('end', () => {
            const responseHeaders = new Headers()
            for (const [key, value] of Object.entries(res.headers)) {
              if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value)
            }
            const status = res.statusCode ?? 502
            // a status without a body (204, 304) may not be given one
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks)
            resolve(new Response(payload, { status, statusText: res.statusMessage, headers: responseHeaders }))
          })
        },
      )
      req.on('error', reject)
      request.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true })
      req.end(body)
    })
  }
}
