-- xuefa schema, version 1.
-- Timestamps are ISO 8601 UTC text written by the application (Date#toISOString),
-- so lexical order is time order and year bounds computed in XUEFA_TZ compare directly.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Units form a tree. `path` is the materialised path '/ROOT/CHILD/…/' so that
-- "this unit and everything below it" is one indexed prefix range.
CREATE TABLE units (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  parent_code TEXT REFERENCES units(code),
  path        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (parent_code IS NULL OR parent_code <> code)
);
CREATE INDEX units_parent ON units(parent_code);

CREATE TABLE officials (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  unit_code      TEXT NOT NULL REFERENCES units(code),
  title          TEXT,
  is_leader      INTEGER NOT NULL DEFAULT 0 CHECK (is_leader IN (0, 1)),
  is_principal   INTEGER NOT NULL DEFAULT 0 CHECK (is_principal IN (0, 1)),
  is_enforcement INTEGER NOT NULL DEFAULT 0 CHECK (is_enforcement IN (0, 1)),
  is_organizer   INTEGER NOT NULL DEFAULT 0 CHECK (is_organizer IN (0, 1)),
  joined_at      TEXT,            -- instant of local midnight of the joining day; NULL = on the roster from the start
  left_at        TEXT,            -- set when a re-imported roster no longer lists the person; never deleted
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX officials_unit ON officials(unit_code);

-- One WeChat (or other chat) account per official. `alias_key` is written into the
-- contact's remark so the binding survives a re-login that changes contact ids.
CREATE TABLE chat_bindings (
  official_id TEXT PRIMARY KEY REFERENCES officials(id),
  channel     TEXT NOT NULL DEFAULT 'wechaty',
  contact_id  TEXT NOT NULL,
  alias_key   TEXT NOT NULL UNIQUE,
  bound_at    TEXT NOT NULL,
  UNIQUE (channel, contact_id)
);

CREATE TABLE bind_codes (
  code_hash   TEXT PRIMARY KEY,   -- sha256 of the one-time code
  official_id TEXT NOT NULL REFERENCES officials(id),
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX bind_codes_official ON bind_codes(official_id);

CREATE TABLE bind_failures (
  id         INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX bind_failures_contact ON bind_failures(contact_id, at);

CREATE TABLE sessions (
  id                 TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('pre_meeting','lecture','topic_study','court_hearing',
                                                  'all_staff_training','enforcement_training',
                                                  'appointment_training','other')),
  title              TEXT NOT NULL,
  starts_at          TEXT NOT NULL,
  unit_code          TEXT NOT NULL REFERENCES units(code),
  body               TEXT,            -- 会议名称, e.g. 县政府常务会议
  meeting_no         TEXT,            -- 会议届次, e.g. 第12次
  hours              REAL CHECK (hours IS NULL OR hours >= 0),
  presenter          TEXT,
  status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','cancelled')),
  audience_json      TEXT,            -- { unitCodes?, officialIds?, leadersOnly? }; NULL = the organizing unit and below
  timeline_json      TEXT,            -- per-session overrides of the delivery timeline
  external_id        TEXT UNIQUE,     -- the OA system's meeting id for sessions from the meetings feed
  source             TEXT NOT NULL DEFAULT 'api' CHECK (source IN ('api','import','oa','chat','ui')),
  closed_at          TEXT,
  created_by         TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX sessions_starts ON sessions(starts_at);
CREATE INDEX sessions_unit_starts ON sessions(unit_code, starts_at);
CREATE INDEX sessions_status_starts ON sessions(status, starts_at);

-- Law titles are stored without 《》 so the same law written either way counts once.
CREATE TABLE session_laws (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  law_title  TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (session_id, law_title)
);
CREATE INDEX session_laws_title ON session_laws(law_title);

-- One row per person expected at a session, with the mark once there is one.
-- A person still unmarked when the session closes is written 'absent' by the closing job.
CREATE TABLE attendance (
  session_id  TEXT NOT NULL REFERENCES sessions(id),
  official_id TEXT NOT NULL REFERENCES officials(id),
  status      TEXT NOT NULL CHECK (status IN ('present','late','excused','absent','makeup')),
  note        TEXT,
  source      TEXT NOT NULL DEFAULT 'api' CHECK (source IN ('api','import','chat','auto','ui')),
  marked_by   TEXT,
  marked_at   TEXT NOT NULL,
  PRIMARY KEY (session_id, official_id)
) WITHOUT ROWID;
CREATE INDEX attendance_official ON attendance(official_id, session_id);

CREATE TABLE materials (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,
  law_title  TEXT,
  title      TEXT NOT NULL,
  body_md    TEXT NOT NULL,
  source     TEXT NOT NULL DEFAULT 'bank' CHECK (source IN ('bank','custom')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX materials_law ON materials(law_title);

CREATE TABLE session_materials (
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  material_id INTEGER NOT NULL REFERENCES materials(id),
  PRIMARY KEY (session_id, material_id)
);

CREATE TABLE questions (
  id           TEXT PRIMARY KEY,
  type         TEXT NOT NULL CHECK (type IN ('single','multiple','judge','short')),
  stem         TEXT NOT NULL,
  options_json TEXT NOT NULL DEFAULT '[]',   -- ["…", "…"] in letter order A, B, …
  answer       TEXT NOT NULL,                -- letters ('A', 'ACD'), 'T'/'F' for judge, reference text for short
  explanation  TEXT,
  law_title    TEXT NOT NULL,
  article      TEXT,
  tags         TEXT,                         -- ';'-separated
  source       TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('bank','import','api')),
  retired_at   TEXT,                         -- retired questions are never drawn again but past answers keep them
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX questions_law ON questions(law_title) WHERE retired_at IS NULL;

-- A quiz belongs to a session (会前学法) or to an exam (任前考试).
CREATE TABLE quizzes (
  id              INTEGER PRIMARY KEY,
  session_id      TEXT UNIQUE REFERENCES sessions(id),
  exam_id         INTEGER UNIQUE REFERENCES exams(id),
  spec_json       TEXT NOT NULL,     -- { questionIds? , draw?: { count, laws? }, blueprint? }
  pass_score      REAL NOT NULL DEFAULT 60,
  opens_at        TEXT,
  deadline_at     TEXT,
  time_limit_min  INTEGER,           -- timed from the first question (exams)
  retakes         TEXT NOT NULL DEFAULT 'none' CHECK (retakes IN ('none','best','last')),
  closed_at       TEXT,
  created_at      TEXT NOT NULL,
  CHECK ((session_id IS NULL) <> (exam_id IS NULL))
);

CREATE TABLE quiz_questions (
  quiz_id     INTEGER NOT NULL REFERENCES quizzes(id),
  question_id TEXT NOT NULL REFERENCES questions(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (quiz_id, position)
);

-- One person's go at a quiz. Append-only: a retake is a new attempt.
CREATE TABLE attempts (
  id           INTEGER PRIMARY KEY,
  quiz_id      INTEGER NOT NULL REFERENCES quizzes(id),
  official_id  TEXT NOT NULL REFERENCES officials(id),
  attempt_no   INTEGER NOT NULL DEFAULT 1,
  layout_json  TEXT NOT NULL,        -- the questions in order and each one's option permutation
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','finished','expired','closed')),
  started_at   TEXT NOT NULL,
  ends_at      TEXT,                 -- the personal deadline (timed exams)
  finished_at  TEXT,
  score        REAL,
  passed       INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
  UNIQUE (quiz_id, official_id, attempt_no)
);
CREATE INDEX attempts_official ON attempts(official_id);
CREATE INDEX attempts_quiz_state ON attempts(quiz_id, state);

-- Answers are append-only: a correction is a new row with a higher revision, who and why.
CREATE TABLE answers (
  id                INTEGER PRIMARY KEY,
  attempt_id        INTEGER NOT NULL REFERENCES attempts(id),
  question_id       TEXT NOT NULL REFERENCES questions(id),
  position          INTEGER NOT NULL,
  given             TEXT NOT NULL,       -- normalised to the canonical letters of the question, not the shuffled ones
  is_correct        INTEGER CHECK (is_correct IS NULL OR is_correct IN (0, 1)),  -- NULL: short answer awaiting a marker
  answered_at       TEXT NOT NULL,
  revision          INTEGER NOT NULL DEFAULT 0,
  corrected_by      TEXT,
  correction_reason TEXT,
  UNIQUE (attempt_id, position, revision)
);

-- An assigned exam (任前: one per candidate and proposed post).
CREATE TABLE exams (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('appointment','enforcement_cert','annual')),
  official_id   TEXT NOT NULL REFERENCES officials(id),
  proposed_post TEXT,
  opens_at      TEXT NOT NULL,
  minutes       INTEGER NOT NULL DEFAULT 60,
  pass_score    REAL NOT NULL DEFAULT 60,
  blueprint_json TEXT,
  state         TEXT NOT NULL DEFAULT 'assigned' CHECK (state IN ('assigned','passed','failed','makeup_assigned','closed')),
  outcome       TEXT CHECK (outcome IS NULL OR outcome IN ('passed','deferred','withdrawn')),
  created_by    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX exams_official ON exams(official_id);

-- Every sitting of every exam, online (from an attempt) or imported (paper exams, 执法资格考试, 年度学法考试).
CREATE TABLE exam_results (
  id            INTEGER PRIMARY KEY,
  exam_kind     TEXT NOT NULL CHECK (exam_kind IN ('appointment','enforcement_cert','annual')),
  official_id   TEXT NOT NULL REFERENCES officials(id),
  taken_at      TEXT NOT NULL,
  score         REAL NOT NULL,
  passed        INTEGER NOT NULL CHECK (passed IN (0, 1)),
  attempt       INTEGER NOT NULL DEFAULT 1,
  proposed_post TEXT,
  outcome       TEXT CHECK (outcome IS NULL OR outcome IN ('passed','deferred','withdrawn')),
  exam_id       INTEGER REFERENCES exams(id),
  attempt_id    INTEGER REFERENCES attempts(id),
  source        TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('import','chat','api')),
  created_at    TEXT NOT NULL,
  UNIQUE (exam_kind, official_id, taken_at)
);
CREATE INDEX exam_results_kind_taken ON exam_results(exam_kind, taken_at);
CREATE INDEX exam_results_official ON exam_results(official_id);

-- Durable jobs: claimed under a lease so two processes never run the same one.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  due_at      TEXT NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}',
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','done','failed','cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until TEXT,
  last_error  TEXT,
  dedup_key   TEXT UNIQUE,
  session_id  TEXT REFERENCES sessions(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, due_at);
CREATE INDEX jobs_session ON jobs(session_id);

CREATE TABLE schedules (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  cron          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  payload_json  TEXT NOT NULL DEFAULT '{}',
  skip_holidays INTEGER NOT NULL DEFAULT 1 CHECK (skip_holidays IN (0, 1)),
  enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  last_fired_at TEXT,
  created_at    TEXT NOT NULL
);

-- Outbox: one row per (job, recipient); the unique key makes a retry or restart unable to send twice.
CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  dedup_key    TEXT NOT NULL UNIQUE,
  job_id       INTEGER REFERENCES jobs(id),
  channel      TEXT NOT NULL,           -- 'wechaty' | 'wecom' | 'dingtalk' | 'feishu'
  account      TEXT NOT NULL DEFAULT 'default',
  recipient    TEXT NOT NULL,           -- official id, or robot id for group robots
  message_json TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sending','sent','failed','cancelled')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  not_before   TEXT NOT NULL,
  last_error   TEXT,
  sent_at      TEXT,
  created_at   TEXT NOT NULL
);
CREATE INDEX deliveries_pending ON deliveries(state, channel, account, not_before);
CREATE INDEX deliveries_job ON deliveries(job_id);

-- Group robots per unit (push-only announcements).
CREATE TABLE group_robots (
  id         INTEGER PRIMARY KEY,
  unit_code  TEXT NOT NULL REFERENCES units(code),
  platform   TEXT NOT NULL CHECK (platform IN ('wecom','dingtalk','feishu')),
  url        TEXT NOT NULL,
  secret     TEXT,
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE INDEX group_robots_unit ON group_robots(unit_code);

-- Chat messages already acted upon, recorded in the same transaction as the effect.
CREATE TABLE processed_messages (
  message_id TEXT PRIMARY KEY,
  channel    TEXT NOT NULL,
  at         TEXT NOT NULL
) WITHOUT ROWID;

-- Conversation state of a chat user (e.g. an 安排学法 draft awaiting 确认).
CREATE TABLE chat_state (
  official_id TEXT PRIMARY KEY REFERENCES officials(id),
  state_json  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,    -- sha256 of the token; the token itself is shown once
  role         TEXT NOT NULL CHECK (role IN ('admin','organizer','reporter')),
  unit_code    TEXT REFERENCES units(code),
  label        TEXT,
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  revoked_at   TEXT,
  last_used_at TEXT
);

CREATE TABLE webhook_events (
  event_id    TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  received_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
  token_id      INTEGER NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (token_id, key)
);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,       -- 'token:12', 'official:A001', 'cli', 'system'
  action     TEXT NOT NULL,       -- 'session.create', 'attendance.mark', 'import.officials', …
  entity     TEXT,
  entity_id  TEXT,
  detail_json TEXT,
  ip         TEXT,
  request_id TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
