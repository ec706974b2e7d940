/**
 * The learned classifier's state: token counts and document counts per scope (a site's id as
 * text, or 'global'), and every learned example with the label and tokens it was counted with,
 * so that learning a comment again is a no-op and relabeling it moves exactly its counts.
 */
export const sql = `
CREATE TABLE classifier_examples (
  scope text NOT NULL,
  -- A comment's id, or text:<sha256 of the normalized text> for a training-file row.
  key text NOT NULL,
  label text NOT NULL CHECK (label IN ('spam', 'ham')),
  tokens text[] NOT NULL,
  learned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- The primary key is the index the worker's per-comment lookup uses: scope = ANY and token = ANY.
-- Rows are updated in place on every learn; free space on each page keeps those updates HOT.
CREATE TABLE classifier_tokens (
  scope text NOT NULL,
  token text NOT NULL,
  spam integer NOT NULL DEFAULT 0,
  ham integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, token)
) WITH (fillfactor = 80);

CREATE TABLE classifier_docs (
  scope text PRIMARY KEY,
  spam integer NOT NULL DEFAULT 0,
  ham integer NOT NULL DEFAULT 0
);
`;
