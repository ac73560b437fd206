-- Scheduling and delivery (issue 6).

-- A row marked 'sending' records who took it and when, so a row left 'sending' by a process that died
-- can be told from one a live process is still sending (the send has a timeout), and counted as ambiguous.
ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
ALTER TABLE deliveries ADD COLUMN sending_at TEXT;
-- 'ambiguous': the process stopped between "sending" and "sent"; the message may or may not have gone out.
ALTER TABLE deliveries ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR outcome IN ('ambiguous'));
CREATE INDEX deliveries_sending ON deliveries(state, sending_at);

-- How a group robot can @-mention an official: the platform's user id and/or mobile number.
CREATE TABLE official_handles (
  official_id TEXT NOT NULL REFERENCES officials(id),
  platform    TEXT NOT NULL CHECK (platform IN ('wecom','dingtalk','feishu')),
  user_id     TEXT,
  mobile      TEXT,
  PRIMARY KEY (official_id, platform),
  CHECK (user_id IS NOT NULL OR mobile IS NOT NULL)
) WITHOUT ROWID;

CREATE INDEX jobs_lease ON jobs(state, lease_until);
CREATE INDEX group_robots_enabled ON group_robots(unit_code, enabled);

-- One process at a time sends for a (channel, account): the pacer's limits are per account, so two
-- processes each pacing on their own would together go over them.
CREATE TABLE sender_leases (
  channel     TEXT NOT NULL,
  account     TEXT NOT NULL,
  owner       TEXT NOT NULL,
  lease_until TEXT NOT NULL,
  PRIMARY KEY (channel, account)
) WITHOUT ROWID;
