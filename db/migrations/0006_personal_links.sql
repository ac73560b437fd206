-- Personal links (CONTRACT §8) are signed, not stored: a token carries the official, what it opens and its
-- expiry, signed with the deployment's key (settings 'links.secret'). Revoking a person's links records the
-- moment: every link of that person issued before it is refused, and a new one can be sent.
CREATE TABLE link_revocations (
  official_id    TEXT PRIMARY KEY REFERENCES officials(id),
  revoked_before TEXT NOT NULL,
  revoked_by     TEXT
);
