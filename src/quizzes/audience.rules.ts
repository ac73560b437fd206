/** Pure: whether a person is expected to answer a session's quiz. */

export interface AudienceSpec {
  unitCodes?: string[]
  officialIds?: string[]
  leadersOnly?: boolean
}

export interface AudiencePerson {
  id: string
  /** materialised path of the person's unit, '/ROOT/…/CODE/' */
  unitPath: string
  isLeader: boolean
  joinedAt: string | null
  leftAt: string | null
}

/**
 * An attendance row means the person is expected whatever the audience says (organizers add people by hand).
 * Otherwise: named officials, or people in the listed units (and below) — the organizing unit's subtree when
 * no list is given — limited to leaders when asked, and on the roster when the session starts.
 */
export function isInAudience(
  person: AudiencePerson,
  session: { unitPath: string; startsAt: string; audience: AudienceSpec | null; unitPaths: readonly string[] },
  hasMark: boolean,
): boolean {
  if (hasMark) return true
  if (person.joinedAt !== null && person.joinedAt > session.startsAt) return false
  if (person.leftAt !== null && person.leftAt <= session.startsAt) return false
  const a = session.audience
  if (a?.leadersOnly && !person.isLeader) return false
  if (a?.officialIds?.includes(person.id)) return true
  const listsUnits = (a?.unitCodes?.length ?? 0) > 0
  if (!listsUnits && (a?.officialIds?.length ?? 0) > 0) return false
  const roots = listsUnits ? session.unitPaths : [session.unitPath]
  return roots.some((root) => person.unitPath.startsWith(root))
}
