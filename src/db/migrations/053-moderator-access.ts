/**
 * Admins disable a moderator (reversible) or remove one. A removed moderator's row stays, so the
 * audit log still names who decided; their token and password no longer sign anyone in.
 */
export const sql = `
ALTER TABLE moderators
  ADD COLUMN disabled_at timestamptz,
  ADD COLUMN removed_at timestamptz;
`;
