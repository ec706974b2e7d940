/** Moderators' notes on an author of a site (keyed as comments key authors), shown with their history. */
export const sql = `
CREATE TABLE author_notes (
  id bigserial PRIMARY KEY,
  site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  author_key text NOT NULL,
  moderator_id uuid REFERENCES moderators (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX author_notes_author_idx ON author_notes (site_id, author_key, id DESC);
`;
