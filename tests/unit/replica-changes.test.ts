import type { ResultSet } from '@libsql/client'
import { describe, expect, it } from 'vitest'
import { mayHaveChanged } from '../../src/storage/replica.js'

const affected = (rowsAffected: number) => ({ rowsAffected }) as ResultSet

describe('whether a write on a replica needs a sync before it is acknowledged', () => {
  it.each([
    ['UPDATE deliveries SET state = ? WHERE 0', 0, false],
    ['  -- a sweep\n  DELETE FROM leases WHERE until < ?', 0, false],
    ['INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)', 0, false],
    ['WITH due AS (SELECT id FROM jobs) UPDATE jobs SET state = 1 WHERE id IN due', 0, false],
    ['SELECT 1', 0, false],
    ['UPDATE jobs SET state = 1 WHERE id = ?', 1, true],
    ['INSERT INTO units (code) VALUES (?) RETURNING code', 1, true],
    ['CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT)', 0, true],
    ['/* a note */ DROP INDEX x', 0, true],
  ])('%s with %i rows affected: %s', (sql, rows, expected) => {
    expect(mayHaveChanged(sql, affected(rows))).toBe(expected)
    expect(mayHaveChanged({ sql, args: [] }, affected(rows))).toBe(expected)
  })
})
