ALTER TABLE chat_bindings ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
