/** Sites, moderators, comments with their current verdict, and the decisions that made it. */
export const sql = `
CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  api_key_hash bytea NOT NULL UNIQUE,
  webhook_secret text NOT NULL,
  callback_url text,
  policy jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE moderators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'moderator')),
  token_hash bytea NOT NULL UNIQUE,
  site_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Arrival order: the stable key of queue pages and the tie-breaker of equal scores.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  site_id uuid NOT NULL REFERENCES sites (id),
  external_id text NOT NULL,
  content text NOT NULL,
  author jsonb NOT NULL DEFAULT '{}',
  author_key text,
  thread jsonb NOT NULL DEFAULT '{}',
  parent_id text,
  lang text,
  honeypot text,
  meta jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'approved', 'pending_review', 'rejected')),
  version integer NOT NULL DEFAULT 1,
  action text CHECK (action IN ('approve', 'review', 'reject')),
  score double precision,
  signals jsonb,
  decided_at timestamptz,
  UNIQUE (site_id, external_id)
);
-- The sweeper scans only what is still queued.
CREATE INDEX comments_queued_idx ON comments (received_at) WHERE status = 'queued';
CREATE INDEX comments_queue_score_idx ON comments (status, score DESC, seq);
CREATE INDEX comments_queue_seq_idx ON comments (status, seq);
CREATE INDEX comments_author_idx ON comments (site_id, author_key) WHERE author_key IS NOT NULL;

CREATE TABLE decisions (
  id bigserial PRIMARY KEY,
  comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  site_id uuid NOT NULL REFERENCES sites (id),
  version integer NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  action text NOT NULL,
  decided_by text NOT NULL CHECK (decided_by IN ('auto', 'moderator', 'site')),
  moderator_id uuid REFERENCES moderators (id),
  score double precision,
  reason text,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- One decision per comment version: a job processed twice cannot record two verdicts.
  UNIQUE (comment_id, version)
);
CREATE INDEX decisions_site_idx ON decisions (site_id, id DESC);
CREATE INDEX decisions_moderator_idx ON decisions (moderator_id, id DESC) WHERE moderator_id IS NOT NULL;
`;
