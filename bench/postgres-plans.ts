import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import type { Db } from '../src/db/pool';
import { findCommentById } from '../src/db/comments-repository';
import { authorHistory, listQueue, recentByAuthor, statusCounts } from '../src/db/review-repository';
import { listAudit, listDecisionsForComment } from '../src/db/decisions-repository';
import { listAuthorNotes } from '../src/db/author-notes-repository';
import { listAppealsForComment } from '../src/db/appeals-repository';
import { decisionCounts } from '../src/db/stats-repository';
import { cleanupScratch, createScratch } from './scratch';

/**
 * `node dist/bench/postgres-plans.js`: fills a scratch schema with BENCH_PLAN_COMMENTS comments
 * (5 million by default) over 100 sites and prints, as markdown, the plan (EXPLAIN ANALYZE) and the
 * best of five timings of the reads a moderator waits for: a queue page, an item, the stats and an
 * author's history. The SQL is the repositories' own, caught by a Db that records instead of
 * running. Not part of `npm test` or `npm run bench`: the fill alone takes minutes.
 */
const COMMENTS = Number(process.env.BENCH_PLAN_COMMENTS ?? 5_000_000);
const SITES = 100;
const AUTHORS = 200_000;
const CHUNK = 250_000;
const TARGET_MS = 20;

const log = (message: string) => process.stderr.write(`${message}\n`);

/** A Db that records the statement a repository function would run, and answers no rows. */
function recorder(): { db: Db; take: () => { text: string; values: unknown[] } } {
  let last: { text: string; values: unknown[] } | undefined;
  const db = {
    query: (text: string, values: unknown[] = []) => {
      last = { text, values };
      return Promise.resolve({ rows: [], rowCount: 0 });
    },
  } as unknown as Db;
  return {
    db,
    take: () => {
      if (!last) throw new Error('the repository function ran no query');
      const taken = last;
      last = undefined;
      return taken;
    },
  };
}

/**
 * Comments as a year of a busy network leaves them: 100 sites, 200,000 authors (a Zipf-like few
 * write most), 2% held for review, 3% rejected, one automatic decision each and a moderator's on 1%.
 * Secondary indexes are dropped during the fill and built afterwards, as a bulk load would.
 */
async function fill(pool: Pool, firstSite: string): Promise<void> {
  await pool.query(
    `INSERT INTO sites (name, api_key_hash, webhook_secret)
     SELECT 'plans ' || i, decode(md5('plans' || i), 'hex'), 'secret' FROM generate_series(2, $1) i`,
    [SITES],
  );
  await pool.query(
    `INSERT INTO moderators (name, role, token_hash) VALUES ('plans', 'admin', decode(md5('plans'), 'hex'))`,
  );
  const { rows: indexes } = await pool.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename IN ('comments', 'decisions')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const index of indexes) await pool.query(`DROP INDEX ${index.name}`);
  log(
    `fill: ${COMMENTS} comments over ${SITES} sites in schema ${await currentSchema(pool)} (first site ${firstSite}); indexes dropped: ${indexes.length}`,
  );
  const started = performance.now();
  for (let from = 1; from <= COMMENTS; from += CHUNK) {
    const to = Math.min(COMMENTS, from + CHUNK - 1);
    await pool.query(
      `WITH s AS (SELECT array_agg(id ORDER BY created_at, id) AS ids FROM sites),
       g AS (
         SELECT i, floor(${AUTHORS} * power(random(), 3))::int AS author, random() AS r FROM generate_series($1::int, $2::int) i
       )
       INSERT INTO comments (site_id, external_id, content, author, author_key, thread, status, version,
                             action, score, signals, received_at, decided_at)
       SELECT s.ids[1 + i % ${SITES}], 'c' || i,
              'A comment of about a hundred and fifty characters on the article, number ' || i ||
              ', with an opinion, a question and a link to nothing in particular.',
              jsonb_build_object('id', 'a' || author, 'name', 'Author ' || author),
              'id:a' || author,
              jsonb_build_object('id', 't' || (i / 200), 'title', 'Thread ' || (i / 200)),
              CASE WHEN r < 0.02 THEN 'pending_review' WHEN r < 0.05 THEN 'rejected' ELSE 'approved' END,
              2,
              CASE WHEN r < 0.02 THEN 'review' WHEN r < 0.05 THEN 'reject' ELSE 'approve' END,
              CASE WHEN r < 0.02 THEN 0.4 + r * 20 WHEN r < 0.05 THEN 0.8 + r * 4 ELSE r * 0.4 END,
              CASE WHEN r < 0.05 THEN '[{"check":"links","code":"too_many_links","weight":0.5}]'::jsonb ELSE '[]'::jsonb END,
              now() - (${COMMENTS} - i) * interval '6 seconds',
              now() - (${COMMENTS} - i) * interval '6 seconds' + interval '40 milliseconds'
         FROM g, s`,
      [from, to],
    );
    log(`fill: ${to} comments (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  await pool.query(
    `INSERT INTO decisions (comment_id, site_id, version, from_status, to_status, action, decided_by, score, created_at)
     SELECT id, site_id, 2, 'queued', status, action, 'auto', score, decided_at
       FROM comments`,
  );
  await pool.query(
    `INSERT INTO decisions (comment_id, site_id, version, from_status, to_status, action, decided_by, moderator_id, created_at)
     SELECT c.id, c.site_id, 3, 'pending_review', 'rejected', 'reject', 'moderator', m.id, c.decided_at + interval '20 minutes'
       FROM comments c, moderators m WHERE c.seq % 100 = 2`,
  );
  // The fill's few connections counted into a few shards; a busy network's writers use all 16. The
  // stats are timed on that worst case: each site and status split over 16 rows with the same sum.
  await pool.query(
    `WITH taken AS (DELETE FROM comment_counts RETURNING site_id, status, n),
          total AS (SELECT site_id, status, sum(n)::bigint AS n FROM taken GROUP BY site_id, status)
     INSERT INTO comment_counts (site_id, status, shard, n)
     SELECT site_id, status, s, n / 16 + CASE WHEN s < n % 16 THEN 1 ELSE 0 END
       FROM total, generate_series(0, 15) s`,
  );
  log(`fill: decisions written (${Math.round((performance.now() - started) / 1000)} s); building indexes`);
  for (const index of indexes) await pool.query(index.def);
  await pool.query('VACUUM ANALYZE comments');
  await pool.query('VACUUM ANALYZE decisions');
  await pool.query('VACUUM ANALYZE comment_counts');
  const { rows: drift } = await pool.query(
    `SELECT 1 FROM (SELECT site_id, status, count(*) AS n FROM comments GROUP BY 1, 2) c
       FULL JOIN (SELECT site_id, status, sum(n) AS n FROM comment_counts GROUP BY 1, 2) k USING (site_id, status)
      WHERE c.n IS DISTINCT FROM k.n`,
  );
  if (drift.length > 0) throw new Error(`comment_counts differs from the comments on ${drift.length} rows`);
  log(`fill: done in ${Math.round((performance.now() - started) / 1000)} s`);
}

const currentSchema = async (pool: Pool) =>
  (await pool.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;

interface Measured {
  name: string;
  bestMs: number;
  plan: string;
}

/** Best of five client-side timings (the plan cached and the pages warm, as in a busy api), and the plan. */
async function measure(
  pool: Pool,
  name: string,
  statement: { text: string; values: unknown[] },
): Promise<Measured> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await pool.query(statement.text, statement.values);
    times.push(performance.now() - started);
  }
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.values,
  );
  return { name, bestMs: Math.min(...times), plan: rows.map((row) => row['QUERY PLAN']).join('\n') };
}

async function main(): Promise<void> {
  const scratch = await createScratch('plans');
  const { pool, siteId } = scratch;
  await fill(pool, siteId);
  const { db, take } = recorder();
  // A busy author of the first site, and a comment of theirs held for review.
  const { rows } = await pool.query<{ author_key: string; id: string }>(
    `SELECT author_key, id FROM comments WHERE site_id = $1 AND author_key = 'id:a1' AND status = 'pending_review' LIMIT 1`,
    [siteId],
  );
  const sample =
    rows[0] ??
    (
      await pool.query<{ author_key: string; id: string }>(
        `SELECT author_key, id FROM comments WHERE site_id = $1 AND status = 'pending_review' LIMIT 1`,
        [siteId],
      )
    ).rows[0]!;
  const oneSite = [siteId];
  const now = new Date();
  const range = {
    siteIds: oneSite,
    from: new Date(now.getTime() - 14 * 86_400_000).toISOString(),
    to: now.toISOString(),
    bucket: 'day' as const,
  };
  const queries: Array<[string, () => Promise<unknown>]> = [
    [
      'queue page: one site, by score, 50 items',
      () =>
        listQueue(db, { status: 'pending_review', siteIds: oneSite, sort: 'score', limit: 50, after: null }),
    ],
    [
      'queue page: every site (admin), by score',
      () => listQueue(db, { status: 'pending_review', siteIds: null, sort: 'score', limit: 50, after: null }),
    ],
    [
      'queue page: one site, oldest first',
      () =>
        listQueue(db, { status: 'pending_review', siteIds: oneSite, sort: 'oldest', limit: 50, after: null }),
    ],
    ['item: the comment', () => findCommentById(db, sample.id, oneSite)],
    ['item: its decisions', () => listDecisionsForComment(db, sample.id)],
    ['item: its appeals', () => listAppealsForComment(db, sample.id)],
    ['item: notes on the author', () => listAuthorNotes(db, siteId, sample.author_key, 50)],
    ['author history: counts by status', () => authorHistory(db, siteId, sample.author_key)],
    ['author history: 11 latest comments', () => recentByAuthor(db, siteId, sample.author_key, 11)],
    ['stats: counts per status, one site', () => statusCounts(db, oneSite)],
    ['stats: counts per status, every site', () => statusCounts(db, null)],
    ['stats: verdicts per day over 14 days, one site', () => decisionCounts(db, range)],
    [
      'audit: latest 50 decisions, one site',
      () =>
        listAudit(db, {
          siteIds: oneSite,
          moderatorId: null,
          decidedBy: null,
          since: null,
          until: null,
          before: null,
          limit: 50,
          action: null,
        }),
    ],
  ];
  const results: Measured[] = [];
  for (const [name, run] of queries) {
    await run();
    results.push(await measure(pool, name, take()));
    log(`${name}: ${results.at(-1)!.bestMs.toFixed(2)} ms`);
  }
  const { rows: size } = await pool.query<{ comments: string; decisions: string }>(
    `SELECT pg_size_pretty(pg_total_relation_size('comments')) AS comments, pg_size_pretty(pg_total_relation_size('decisions')) AS decisions`,
  );
  console.log(`# PostgreSQL plans at ${COMMENTS.toLocaleString('en-US')} comments\n`);
  console.log(
    `${SITES} sites, ${AUTHORS.toLocaleString('en-US')} authors; comments ${size[0]!.comments}, decisions ${size[0]!.decisions} with indexes.`,
  );
  console.log(`Best of five runs, measured by the client (round trip included); target ${TARGET_MS} ms.\n`);
  console.log('| Read | Best ms | Under target |\n| --- | ---: | --- |');
  for (const r of results)
    console.log(`| ${r.name} | ${r.bestMs.toFixed(2)} | ${r.bestMs < TARGET_MS ? 'yes' : '**no**'} |`);
  for (const r of results) console.log(`\n## ${r.name}\n\n\`\`\`\n${r.plan}\n\`\`\``);
}

main()
  .catch((error: unknown) => {
    log(`postgres-plans failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  // BENCH_PLAN_KEEP=1 keeps the filled schema (its name is in the first line on stderr) to try indexes on.
  .finally(() => (process.env.BENCH_PLAN_KEEP === '1' ? undefined : cleanupScratch().catch(() => undefined)));
