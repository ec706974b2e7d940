/**
 * Comments per site and status, kept exactly by triggers on comments, so that the stats read a few
 * rows instead of counting millions (at 5 million comments, counting one site took 26 ms and every
 * site 0.8 s; docs/postgres-plans.md).
 *
 * - Every transaction adds to the rows of a shard of its own (0–15): the first free one from its
 *   backend's pid on, held by a transaction-level advisory lock. So concurrent intake and workers
 *   never wait on one another's counter rows, and cannot deadlock on them (a batch of verdicts over
 *   several sites would lock them in its own order). Past 16 writing transactions at once, the
 *   extra ones share their pid's shard. A read sums the shards. A shard's row may go negative (a
 *   comment counted in one shard leaves through another); only the sum means anything.
 * - Every write is counted once per statement from its transition tables, so a batch of comments,
 *   or of the worker's verdicts, is one upsert of the few (site, status) rows it changed; an update
 *   that changes no status (an edit's text, a failure count, retention) upserts nothing.
 * - Rows are upserted in (site, status) order within a statement, so two statements sharing a
 *   shard lock them in the same order.
 * - No foreign key to sites: the counts are arithmetic, and a site's rows sum to zero once its
 *   comments are gone.
 * - The functions keep the search path of the migration, so they find this schema's table whatever
 *   the writer's path is.
 *
 * The table is locked before the backfill: a writer waits until the counts and the triggers are in
 * place, so no comment is missed or counted twice.
 */
export const sql = `
LOCK TABLE comments IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE comment_counts (
  site_id uuid NOT NULL,
  status text NOT NULL,
  shard smallint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (site_id, status, shard)
);

-- Advisory locks (70, 0..15) are the shards; the two-key form never meets the migrations' one-key lock.
CREATE FUNCTION comment_counts_shard() RETURNS smallint LANGUAGE plpgsql AS $$
DECLARE
  first int := pg_backend_pid() % 16;
BEGIN
  FOR i IN 0..15 LOOP
    -- Taking a lock this transaction already holds succeeds: its later writes find their shard.
    IF pg_try_advisory_xact_lock(70, (first + i) % 16) THEN
      RETURN (first + i) % 16;
    END IF;
  END LOOP;
  RETURN first;
END $$;

-- Inserted comments count +1 (TG_ARGV[0] = '1'), deleted ones -1: both triggers name their rows changed_comments.
CREATE FUNCTION comment_counts_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  my_shard smallint := comment_counts_shard();
  direction int := TG_ARGV[0]::int;
BEGIN
  INSERT INTO comment_counts AS c (site_id, status, shard, n)
  SELECT site_id, status, my_shard, direction * count(*) FROM changed_comments
   GROUP BY site_id, status ORDER BY site_id, status
  ON CONFLICT (site_id, status, shard) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION comment_counts_moved() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  -- The shard is an InitPlan: taken only when some comment changed status or site.
  INSERT INTO comment_counts AS c (site_id, status, shard, n)
  SELECT site_id, status, (SELECT comment_counts_shard()), sum(n)
    FROM (SELECT site_id, status, -1 AS n FROM old_comments
          UNION ALL SELECT site_id, status, 1 FROM new_comments) AS m
   GROUP BY site_id, status HAVING sum(n) <> 0 ORDER BY site_id, status
  ON CONFLICT (site_id, status, shard) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION comment_counts_truncated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM comment_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments
  REFERENCING NEW TABLE AS changed_comments FOR EACH STATEMENT EXECUTE FUNCTION comment_counts_changed('1');
CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments
  REFERENCING OLD TABLE AS changed_comments FOR EACH STATEMENT EXECUTE FUNCTION comment_counts_changed('-1');
CREATE TRIGGER comment_counts_update AFTER UPDATE ON comments
  REFERENCING OLD TABLE AS old_comments NEW TABLE AS new_comments
  FOR EACH STATEMENT EXECUTE FUNCTION comment_counts_moved();
CREATE TRIGGER comment_counts_truncate AFTER TRUNCATE ON comments
  FOR EACH STATEMENT EXECUTE FUNCTION comment_counts_truncated();

INSERT INTO comment_counts (site_id, status, shard, n)
SELECT site_id, status, 0, count(*) FROM comments GROUP BY site_id, status;
`;
