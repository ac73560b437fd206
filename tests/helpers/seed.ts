import type { Db } from '../../src/storage/db.js'

/** Inserts units given as [code, name, parentCode?] in order (parents first), with their paths. */
export async function seedUnits(db: Db, units: [string, string, string?][], now = '2024-01-01T00:00:00.000Z'): Promise<void> {
  const paths = new Map<string, string>()
  const rs = await db.execute('SELECT code, path FROM units')
  for (const r of rs.rows) paths.set(String(r.code), String(r.path))
  const stmts = units.map(([code, name, parent]) => {
    const path = `${parent ? paths.get(parent)! : '/'}${code}/`
    paths.set(code, path)
    return {
      sql: 'INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [code, name, parent ?? null, path, now, now],
    }
  })
  await db.batch(stmts)
}

export interface SeedOfficial {
  id: string
  name?: string
  unitCode: string
  isLeader?: boolean
  isPrincipal?: boolean
  isEnforcement?: boolean
  isOrganizer?: boolean
  joinedAt?: string | null
  leftAt?: string | null
}

export async function seedOfficials(db: Db, officials: SeedOfficial[], now = '2024-01-01T00:00:00.000Z'): Promise<void> {
  await db.batch(
    officials.map((o) => ({
      sql: `INSERT INTO officials (id, name, unit_code, is_leader, is_principal, is_enforcement, is_organizer, joined_at, left_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        o.id,
        o.name ?? `干部${o.id}`,
        o.unitCode,
        o.isLeader ? 1 : 0,
        o.isPrincipal ? 1 : 0,
        o.isEnforcement ? 1 : 0,
        o.isOrganizer ? 1 : 0,
        o.joinedAt ?? null,
        o.leftAt ?? null,
        now,
        now,
      ],
    })),
  )
}
