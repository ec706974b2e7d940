/**
 * API key rotation with a grace period: the key a rotation replaced keeps working until its expiry,
 * so a site can deploy the new key without a window of refused requests.
 */
export const sql = `
ALTER TABLE sites
  ADD COLUMN previous_api_key_hash bytea,
  ADD COLUMN previous_api_key_expires_at timestamptz;
-- Authentication looks keys up by either hash; only sites inside a grace period have a previous one.
CREATE INDEX sites_previous_api_key_hash_idx ON sites (previous_api_key_hash)
  WHERE previous_api_key_hash IS NOT NULL;
`;
