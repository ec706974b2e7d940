/**
 * What comments need beyond one verdict: edits (a revision number, the earlier revisions, and when
 * the comment was last queued), appeals and deletions (two more statuses), the public reason of
 * the current status, trial mode (a verdict only observed), and anonymisation by retention or
 * erasure. Decisions record the reason code and whether the verdict was only observed.
 */
export const sql = `
ALTER TABLE comments DROP CONSTRAINT comments_status_check;
ALTER TABLE comments ADD CONSTRAINT comments_status_check
  CHECK (status IN ('queued', 'approved', 'pending_review', 'rejected', 'appealed', 'deleted'));
ALTER TABLE comments
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  -- When an edit queued the comment again; null: it is queued (or was) since received_at.
  ADD COLUMN queued_at timestamptz,
  -- The public reason { code, text } of a review or reject, as the site may show it to the commenter.
  ADD COLUMN reason jsonb,
  -- Trial mode: the worker's verdict was computed and stored, but the comment was approved.
  ADD COLUMN observed boolean NOT NULL DEFAULT false,
  -- Retention or erasure removed its personal data; the row stays so that counts stay right.
  ADD COLUMN anonymised_at timestamptz;

-- The sweeper scans only what is still queued, by when it was queued.
DROP INDEX comments_queued_idx;
CREATE INDEX comments_queued_idx ON comments ((COALESCE(queued_at, received_at))) WHERE status = 'queued';
-- Retention finds a site's old comments that still hold personal data.
CREATE INDEX comments_retention_idx ON comments (site_id, received_at) WHERE anonymised_at IS NULL;

ALTER TABLE decisions
  ADD COLUMN reason_code text,
  ADD COLUMN observed boolean NOT NULL DEFAULT false;

-- Every revision of an edited comment but the current one, with the verdict it had.
CREATE TABLE comment_revisions (
  comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  revision integer NOT NULL,
  content text NOT NULL,
  author jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  action text,
  score double precision,
  signals jsonb,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, revision)
);
`;
