-- Two-way chat on the platforms' own applications (issue 20): a WeCom self-built application (企业微信自建应用)
-- and a DingTalk enterprise-internal application (钉钉企业内部应用), beside Wechaty. People bound on one are
-- chat_bindings rows with channel 'wecom-app' / 'dingtalk-app', contact_id the platform's user id and account
-- the application's name here; the outbox sends their private messages through it (deliveries.repo.ts).
-- Secrets are stored as the group robots' are (group_robots.secret): in the database, never logged or shown.
CREATE TABLE chat_apps (
  platform   TEXT NOT NULL CHECK (platform IN ('wecom', 'dingtalk')),
  -- the application's name in xuefa: the outbox account and the last part of its callback path
  account    TEXT NOT NULL CHECK (account GLOB '[a-z0-9]*' AND length(account) BETWEEN 1 AND 32),
  -- WeCom: the corpid (also the receiveid of the callback's encryption); DingTalk: the corpId, optional
  corp_id    TEXT,
  -- WeCom: agentid; DingTalk: agent_id of work notifications
  agent_id   TEXT NOT NULL,
  -- DingTalk: the AppKey (client id); WeCom: null
  app_key    TEXT,
  -- WeCom: the application's Secret (corpsecret); DingTalk: the AppSecret (also the callback signing key)
  secret     TEXT NOT NULL,
  -- WeCom callback: Token and EncodingAESKey; DingTalk: null
  token      TEXT,
  aes_key    TEXT,
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (platform, account)
) WITHOUT ROWID;
