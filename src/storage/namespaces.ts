/**
 * A namespace (one database) of a libSQL server started with `--enable-namespaces`, created through the server's
 * admin API (sqld `--admin-listen-addr`; with `--admin-auth-key KEY` it wants `Authorization: basic KEY`).
 */

export class NamespaceError extends Error {
  constructor(
    message: string,
    /** the admin API's HTTP status; undefined when it could not be reached */
    readonly status?: number,
  ) {
    super(message)
    this.name = 'NamespaceError'
  }
}

/** Creates the namespace; 'exists' when the server has it already (sqld answers 400 "already exists"). */
export async function createNamespace(adminUrl: string, name: string, o: { adminToken?: string } = {}): Promise<'created' | 'exists'> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (o.adminToken) headers.authorization = `basic ${o.adminToken}`
  let res: Response
  try {
    res = await fetch(`${adminUrl.replace(/\/+$/, '')}/v1/namespaces/${encodeURIComponent(name)}/create`, {
      method: 'POST',
      headers,
      body: '{}',
    })
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause
    throw new NamespaceError(`the admin API did not answer (${cause?.code ?? (e as Error).message})`)
  }
  const text = await res.text()
  if (res.ok) return 'created'
  if (res.status === 400 && /already exists/i.test(text)) return 'exists'
  throw new NamespaceError(`the admin API answered HTTP ${res.status}: ${text.slice(0, 200)}`, res.status)
}
