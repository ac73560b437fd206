-- The year's 学法清单 (issue 21 item 7): the laws a unit's people must study in a year, as a 普法责任清单 lists them.
-- By unit; `applies_to` narrows a law to a kind of official the roster already knows (officials.is_leader,
-- is_principal, is_enforcement) — the roster has no structured post, only the free-text 职务. Titles are stored
-- canonical (laws.ts normalizeLawTitle), the same spelling as session_laws and questions.
CREATE TABLE study_list_laws (
  unit_code  TEXT NOT NULL REFERENCES units(code),
  year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  law_title  TEXT NOT NULL,
  applies_to TEXT NOT NULL DEFAULT 'all' CHECK (applies_to IN ('all','leaders','principals','enforcement')),
  position   INTEGER NOT NULL,
  note       TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (unit_code, year, law_title)
) WITHOUT ROWID;
CREATE INDEX study_list_laws_year ON study_list_laws(year, law_title);
