/**
 * A site's verdicts per day over a range (the stats' activity) read from the index alone: at 5
 * million comments the plan fetched each of the range's 2,000 decisions from the table, 13–19 ms in
 * PostgreSQL on a loaded machine, against the 20 ms target (docs/postgres-plans.md). The index
 * carries the columns the counts group by; it replaces migration 065's on the same key, so a
 * decision still updates one index for it.
 */
export const sql = `
CREATE INDEX decisions_site_created_cover_idx ON decisions (site_id, created_at)
  INCLUDE (decided_by, to_status, action, observed);
DROP INDEX decisions_site_created_idx;
`;
