-- Indexes for the annual report (src/reports/report.repo.ts), chosen with EXPLAIN QUERY PLAN on the
-- benchmark year (10,000 officials, 600 sessions, 1,000,000 attendance + answer rows).

-- "Was this person on the roster when the session started?" is asked once per mark: answered from the index alone.
CREATE INDEX officials_id_joined ON officials(id, joined_at);
-- Only people who joined during a year can be unexpected at its sessions: a short range of this index.
CREATE INDEX officials_joined ON officials(joined_at) WHERE joined_at IS NOT NULL;
-- The attempt that counts per person and quiz, read from the index in (quiz, person) order: no table lookups, no sort.
CREATE INDEX attempts_quiz_finished ON attempts(quiz_id, state, official_id, attempt_no, score, passed);
-- Marks per session and status, counted from this narrow index in order instead of the wide attendance rows.
CREATE INDEX attendance_session_status ON attendance(session_id, status);
