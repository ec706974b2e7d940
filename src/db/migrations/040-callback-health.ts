/**
 * A site's callback health: since when every attempt to it has failed (cleared by a success or a
 * new URL), and what disabled it: `gone` (it answered 410) or `failing` (it failed for too long).
 */
export const sql = `
ALTER TABLE sites
  ADD COLUMN callback_failing_since timestamptz,
  ADD COLUMN callback_disabled_code text CHECK (callback_disabled_code IN ('gone', 'failing'));
-- Until now only a 410 Gone could disable a callback.
UPDATE sites SET callback_disabled_code = 'gone' WHERE callback_disabled_at IS NOT NULL;
`;
