-- A version of the question bank, bumped by the database itself on every change to `questions`
-- (imports, retirement, any process), so that a process may keep questions in memory and know,
-- with one small read, when what it holds is stale. `db.instance` tells databases apart, for
-- processes (tests, tools) that open more than one.
INSERT INTO settings (key, value) VALUES ('questions.version', '0') ON CONFLICT (key) DO NOTHING;
INSERT INTO settings (key, value) VALUES ('db.instance', lower(hex(randomblob(8)))) ON CONFLICT (key) DO NOTHING;

CREATE TRIGGER questions_version_insert AFTER INSERT ON questions BEGIN
  UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'questions.version';
END;
CREATE TRIGGER questions_version_update AFTER UPDATE ON questions BEGIN
  UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'questions.version';
END;
CREATE TRIGGER questions_version_delete AFTER DELETE ON questions BEGIN
  UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'questions.version';
END;
