-- 年度学法考试 run by xuefa itself: one scheduled exam for every current official of a unit's subtree. The exam
-- (this table) holds the window, the rules and the one question draw; each official gets an `exams` row of kind
-- 'annual' pointing here (what the report counts as enrolled) with a quiz of the same questions, so an attempt
-- is started, answered and closed as a 任前 exam's is, and its result lands in exam_results (exam_kind 'annual').
CREATE TABLE annual_exams (
  id                INTEGER PRIMARY KEY,
  unit_code         TEXT NOT NULL REFERENCES units(code),
  title             TEXT NOT NULL,
  opens_at          TEXT NOT NULL,
  closes_at         TEXT NOT NULL,
  minutes           INTEGER NOT NULL,
  pass_score        REAL NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  blueprint_json    TEXT NOT NULL,
  question_ids_json TEXT NOT NULL,     -- the one draw, in order: everyone gets these (options shuffled per person)
  officials         INTEGER NOT NULL,  -- how many were enrolled when it was scheduled
  created_by        TEXT,
  created_at        TEXT NOT NULL,
  CHECK (closes_at > opens_at)
);
CREATE INDEX annual_exams_unit ON annual_exams(unit_code, opens_at);

ALTER TABLE exams ADD COLUMN annual_id INTEGER REFERENCES annual_exams(id);
CREATE INDEX exams_annual ON exams(annual_id) WHERE annual_id IS NOT NULL;
