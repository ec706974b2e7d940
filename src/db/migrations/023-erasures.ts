/**
 * Erasure receipts (what was removed for one person, never who) and what the retention job reads:
 * a site's deliveries by age.
 */
export const sql = `
CREATE TABLE erasures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  requested_by text NOT NULL CHECK (requested_by IN ('operator', 'moderator')),
  moderator_id uuid REFERENCES moderators (id),
  removed jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_created_idx ON deliveries (site_id, created_at);
`;
