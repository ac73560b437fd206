import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import type { AppEnv } from '../common/types.js'

/** Files of swagger-ui-dist served under /docs/assets/, so /docs works without any CDN. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' })
})
`

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>xuefa API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <noscript>The API description is at <a href="/openapi.json">/openapi.json</a>.</noscript>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>
`

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"

function assetsDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
}

/** GET /docs (Swagger UI, self-hosted) and its assets. The OpenAPI document itself is served by app.ts. */
export function docsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>()
  const load = (file: string) => {
    let bytes = cache.get(file)
    if (!bytes) {
      bytes = readFile(join(assetsDir(), file)).then((b) => new Uint8Array(b))
      bytes.catch(() => cache.delete(file))
      cache.set(file, bytes)
    }
    return bytes
  }

  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', CSP)
    return c.html(PAGE)
  })
  app.get('/docs/assets/init.js', (c) => c.body(INIT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined
    if (!type) return c.notFound()
    return c.body(await load(file), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' })
  })
  return app
}
