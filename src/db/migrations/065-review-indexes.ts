/**
 * Indexes for the reads a moderator waits for, checked with EXPLAIN ANALYZE on 5 million comments
 * (bench/postgres-plans.ts, docs/postgres-plans.md):
 * - a site's queue page, and its counts per status (an index-only scan of the site's range), which
 *   comments_queue_score_idx served only by reading every held comment of every site;
 * - a site's activity over a time range, which read the site's every decision or the range's
 *   every site's.
 * Built in the migration's transaction: on a large table, writes to it wait while they build.
 */
export const sql = `
CREATE INDEX comments_site_queue_idx ON comments (site_id, status, score DESC, seq);
CREATE INDEX decisions_site_created_idx ON decisions (site_id, created_at);
`;
