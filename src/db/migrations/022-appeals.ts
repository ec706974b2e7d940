/**
 * Appeals: a commenter contests the rejection of one comment version, with their text; a moderator
 * upholds or overturns it. One appeal per revision of the text (an upheld rejection stands; an edit
 * may be rejected and appealed anew).
 */
export const sql = `
CREATE TABLE appeals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  -- The comment version that was contested (the rejection), and the revision of its text.
  version integer NOT NULL,
  revision integer NOT NULL,
  text text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'overturned', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by text CHECK (decided_by IN ('moderator', 'site')),
  moderator_id uuid REFERENCES moderators (id),
  UNIQUE (comment_id, revision)
);
CREATE UNIQUE INDEX appeals_pending_idx ON appeals (comment_id) WHERE status = 'pending';
CREATE INDEX appeals_site_idx ON appeals (site_id, created_at DESC);
`;
