import type { Executor } from '../storage/db.js'

/** A person's conversation state: one JSON object per official, one key per feature (schedule, quiz, …). */
export async function getChatState<T>(ex: Executor, officialId: string, key: string): Promise<T | null> {
  const rs = await ex.execute({
    sql: 'SELECT json_extract(state_json, :path) AS v FROM chat_state WHERE official_id = :officialId',
    args: { officialId, path: `$.${key}` },
  })
  const v = rs.rows[0]?.v
  return v == null ? null : (JSON.parse(String(v)) as T)
}

export async function setChatState(ex: Executor, officialId: string, key: string, value: unknown, now: string): Promise<void> {
  const path = `$.${key}`
  if (value === null) {
    await ex.execute({
      sql: 'UPDATE chat_state SET state_json = json_remove(state_json, :path), updated_at = :now WHERE official_id = :officialId',
      args: { officialId, path, now },
    })
    return
  }
  await ex.execute({
    sql: `INSERT INTO chat_state (official_id, state_json, updated_at) VALUES (:officialId, json_set('{}', :path, json(:value)), :now)
          ON CONFLICT (official_id) DO UPDATE SET state_json = json_set(chat_state.state_json, :path, json(:value)), updated_at = :now`,
    args: { officialId, path, value: JSON.stringify(value), now },
  })
}
