-- Several WeChat bot accounts in one deployment (XUEFA_BOT_ACCOUNTS): each official is reached from the account
-- they bound on (the one they wrote 绑定 to); a binding code names the account it asks the person to add.
ALTER TABLE chat_bindings ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
ALTER TABLE bind_codes ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
CREATE INDEX chat_bindings_account ON chat_bindings(account);
