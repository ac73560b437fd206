import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../common/types.js'
import { validationHook } from '../common/errors.js'

/** Every router of the API: OpenAPI-described, with the API's own 400 body for failed zod checks. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook() })
}
