/**
 * What a site's moderators decided about an author (keyed by the author key intake derives): the
 * standing in force, and every action taken, with who, when and why.
 */
export const sql = `
CREATE TABLE author_standings (
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  author_key text NOT NULL,
  standing text NOT NULL CHECK (standing IN ('trusted', 'premoderate', 'suspended', 'banned')),
  -- A suspension ends at this time; null for the other standings.
  until timestamptz,
  reason text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, author_key)
);

CREATE TABLE author_actions (
  id bigserial PRIMARY KEY,
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  author_key text NOT NULL,
  action text NOT NULL CHECK (action IN ('trust', 'premoderate', 'suspend', 'ban', 'clear', 'reject_pending')),
  until timestamptz,
  reason text NOT NULL,
  -- Null: the operator (ADMIN_TOKEN).
  moderator_id uuid REFERENCES moderators (id),
  -- reject_pending: how many comments it rejected.
  affected integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX author_actions_author_idx ON author_actions (site_id, author_key, id DESC);
CREATE INDEX author_actions_site_idx ON author_actions (site_id, id DESC);
`;
