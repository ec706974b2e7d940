/** Every change of a site's policy: who made it, when, and the policy before and after. */
export const sql = `
CREATE TABLE policy_changes (
  id bigserial PRIMARY KEY,
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  changed_by text NOT NULL CHECK (changed_by IN ('operator', 'moderator')),
  moderator_id uuid REFERENCES moderators (id),
  before jsonb NOT NULL,
  after jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policy_changes_site_idx ON policy_changes (site_id, id DESC);
`;
