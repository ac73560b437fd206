-- Exactly once across crashes (issue 18): an Idempotency-Key in progress names the process handling it (`owner`, see
-- src/owner.ts) and this request's claim (`claim`, random). The handler stores its response in the transaction of its
-- effect only while the claim is still its own, so a key is either answered with its effect or has no effect at all;
-- a retry after the holder died takes the key at once.
ALTER TABLE idempotency_keys ADD COLUMN owner TEXT;
ALTER TABLE idempotency_keys ADD COLUMN claim TEXT;
