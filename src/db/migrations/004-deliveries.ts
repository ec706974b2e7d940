/**
 * Callbacks to sites: the outbox of `comment.verdict` events (one per comment version), every
 * attempt to deliver one, and on the site the previous webhook secret during its grace period and
 * why its callback was disabled.
 */
export const sql = `
ALTER TABLE sites
  ADD COLUMN previous_webhook_secret text,
  ADD COLUMN previous_webhook_secret_expires_at timestamptz,
  ADD COLUMN callback_disabled_at timestamptz,
  ADD COLUMN callback_disabled_reason text;

CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Creation order: the stable key of list pages.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  version integer NOT NULL,
  event_type text NOT NULL DEFAULT 'comment.verdict',
  -- Stable per comment version, so a retry or a redelivery is recognisably the same event.
  webhook_id text NOT NULL,
  -- json, not jsonb: the body is sent exactly as built, key order included, on every attempt.
  payload json NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  -- Attempts since the retry schedule (re)started, at creation or at a redelivery.
  round_attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  -- One event per comment version: a verdict stored twice cannot be announced twice.
  UNIQUE (comment_id, version)
);
-- The sweeper scans only what is still pending.
CREATE INDEX deliveries_pending_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_site_idx ON deliveries (site_id, seq DESC);
CREATE INDEX deliveries_site_status_idx ON deliveries (site_id, status, seq DESC);

CREATE TABLE delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  webhook_timestamp bigint NOT NULL,
  status_code integer,
  latency_ms integer NOT NULL,
  error text
);
CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, id);

-- The outbox relay in the workers LISTENs; PostgreSQL sends a NOTIFY only when the inserting
-- transaction commits, so a job is never enqueued for a verdict that was rolled back. The schema
-- is in the payload because several installations (or test files) may share one database.
CREATE FUNCTION notify_delivery_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('delivery_outbox', TG_TABLE_SCHEMA || ':' || NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER deliveries_notify AFTER INSERT ON deliveries
  FOR EACH ROW EXECUTE FUNCTION notify_delivery_outbox();
`;
