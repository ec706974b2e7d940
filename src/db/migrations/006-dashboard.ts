/**
 * The dashboard: moderators' passwords (scrypt, see src/sessions/passwords.ts) and their
 * server-side sessions, looked up by the SHA-256 of the cookie's random id.
 */
export const sql = `
ALTER TABLE moderators ADD COLUMN password_hash text;
-- Sign-in is by name, so names with a password must be unique (any case); others may repeat.
CREATE UNIQUE INDEX moderators_login_name_idx ON moderators (lower(name)) WHERE password_hash IS NOT NULL;

CREATE TABLE sessions (
  id_hash bytea PRIMARY KEY,
  moderator_id uuid NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
  -- Not a credential on its own: it only proves a request came from a page that read GET /v1/session.
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_moderator_idx ON sessions (moderator_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Stats and the audit view read decisions by time.
CREATE INDEX decisions_created_idx ON decisions (created_at);
CREATE INDEX policy_changes_created_idx ON policy_changes (created_at);
`;
