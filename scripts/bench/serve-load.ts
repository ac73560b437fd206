import { openDb } from '../../src/storage/db.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { systemClock } from '../../src/clock.js'

/**
 * What a county's server does in a busy hour, for the memory figure: the year's session list,
 * the annual report as JSON and as DOCX, and a few session reads, through the real HTTP API.
 */
export async function serveLoad(dbUrl: string, base: string): Promise<void> {
  const db = await openDb(dbUrl)
  let token: string
  try {
    token = (await createApiToken({ db, clock: systemClock }, { role: 'admin' }, { actor: 'bench' })).token
  } finally {
    db.close()
  }
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res
  }
  const list = (await (await get('/api/v1/sessions?year=2024')).json()) as { sessions: { id: string }[] }
  for (const s of list.sessions.slice(0, 50)) await (await get(`/api/v1/sessions/${encodeURIComponent(s.id)}`)).arrayBuffer()
  await (await get('/api/v1/reports/annual?year=2024')).arrayBuffer()
  await (await get('/api/v1/reports/annual?year=2024&format=docx')).arrayBuffer()
  await (await get('/api/v1/reports/annual?year=2024&format=md')).arrayBuffer()
}
