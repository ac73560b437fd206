-- Make-ups (issue 17): after a session closes, its excused (and, when the deployment asks, its absent) people may
-- still answer its quiz until their own closing time; finishing it marks them 补学 (source 'makeup').

-- One person's window on a quiz after the quiz closed for everyone else.
CREATE TABLE quiz_extensions (
  quiz_id     INTEGER NOT NULL REFERENCES quizzes(id),
  official_id TEXT NOT NULL REFERENCES officials(id),
  closes_at   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (quiz_id, official_id)
) WITHOUT ROWID;
CREATE INDEX quiz_extensions_official ON quiz_extensions(official_id, closes_at);

-- The attendance source 'makeup': a 补学 mark written when the make-up quiz was finished. SQLite cannot change a
-- CHECK in place: the table is copied (nothing references it).
CREATE TABLE attendance_new (
  session_id  TEXT NOT NULL REFERENCES sessions(id),
  official_id TEXT NOT NULL REFERENCES officials(id),
  status      TEXT NOT NULL CHECK (status IN ('present','late','excused','absent','makeup')),
  note        TEXT,
  source      TEXT NOT NULL DEFAULT 'api' CHECK (source IN ('api','import','chat','auto','ui','makeup')),
  marked_by   TEXT,
  marked_at   TEXT NOT NULL,
  PRIMARY KEY (session_id, official_id)
) WITHOUT ROWID;
INSERT INTO attendance_new (session_id, official_id, status, note, source, marked_by, marked_at)
  SELECT session_id, official_id, status, note, source, marked_by, marked_at FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_new RENAME TO attendance;
CREATE INDEX attendance_official ON attendance(official_id, session_id);
CREATE INDEX attendance_session_status ON attendance(session_id, status);
