/**
 * Failed attempts at moderating a comment, counted per comment in PostgreSQL rather than per BullMQ
 * job: the sweeper re-adds a lost or failed job as a new one, so only the row remembers how often
 * its comment has failed, and the worker holds it for review once that reaches the limit.
 */
export const sql = `
ALTER TABLE comments
  ADD COLUMN processing_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN processing_error text;
`;
