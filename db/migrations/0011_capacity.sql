-- Capacity (issue 16): the sends of an account on a day are counted from the outbox by sent_at.
CREATE INDEX deliveries_sent_at ON deliveries(sent_at) WHERE sent_at IS NOT NULL;
