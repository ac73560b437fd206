import type { InStatement } from '@libsql/client'
import type { Executor } from '../storage/db.js'

/** A study material of the bank, by its file's slug: written again only when its text changed. */
export function upsertBankMaterialStatement(
  m: { slug: string; lawTitle: string | null; title: string; bodyMd: string },
  now: string,
): InStatement {
  return {
    sql: `INSERT INTO materials (slug, law_title, title, body_md, source, created_at, updated_at)
          VALUES (:slug, :law, :title, :body, 'bank', :now, :now)
          ON CONFLICT (slug) DO UPDATE SET law_title = excluded.law_title, title = excluded.title, body_md = excluded.body_md,
            updated_at = excluded.updated_at
          WHERE materials.body_md IS NOT excluded.body_md OR materials.title IS NOT excluded.title`,
    args: { slug: m.slug, law: m.lawTitle, title: m.title, body: m.bodyMd, now },
  }
}

/** How big the question bank is: questions that can be drawn, and study materials. */
export async function countBank(ex: Executor): Promise<{ questions: number; materials: number }> {
  const rs = await ex.execute(
    'SELECT (SELECT count(*) FROM questions WHERE retired_at IS NULL) AS questions, (SELECT count(*) FROM materials) AS materials',
  )
  return { questions: Number(rs.rows[0]?.questions ?? 0), materials: Number(rs.rows[0]?.materials ?? 0) }
}
