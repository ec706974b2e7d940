/**
 * Akismet comment-checks, one row per check, named by the X-akismet-guid the answer carried, so a
 * later submit-spam or submit-ham can be tied to the check it corrects. No comment text is kept.
 */
export const sql = `
CREATE TABLE akismet_checks (
  guid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  checked_at timestamptz NOT NULL DEFAULT now(),
  -- What comment-check answered, and the policy's action behind it (null: decided by a test value
  -- or the administrator role, not by the checks).
  spam boolean NOT NULL,
  action text CHECK (action IN ('approve', 'review', 'reject')),
  score double precision,
  is_test boolean NOT NULL,
  -- The site's later correction or confirmation, by submit-spam or submit-ham with this guid.
  submitted_as text CHECK (submitted_as IN ('spam', 'ham')),
  submitted_at timestamptz
);
-- The sweeper deletes checks past their retention, oldest first.
CREATE INDEX akismet_checks_checked_at_idx ON akismet_checks (checked_at);
`;
