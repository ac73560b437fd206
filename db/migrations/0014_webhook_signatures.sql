-- Replays of the earlier webhook headers (issue 18.2). X-Xuefa-Signature signs the timestamp and the body but not
-- the event id, so a captured feed sent again with a fresh event id would verify: a signature already seen while it
-- can still verify (within ±300 s of its timestamp, so at most 600 s after it was first received) is a replay,
-- whatever its event id. Rows older than that are deleted as new ones are written.
CREATE TABLE webhook_signatures (
  signature   TEXT PRIMARY KEY,
  received_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX webhook_signatures_received ON webhook_signatures(received_at);
