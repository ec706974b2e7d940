import type { Pool, PoolClient } from 'pg';
import type { ClassifierStats } from '../moderation/check-context';
import {
  GLOBAL_SCOPE,
  accumulateChange,
  emptyDelta,
  scopesOf,
  type ChangeOutcome,
  type CountDelta,
  type LearnInput,
  type LearnOutcome,
  type ScopedStats,
  type StoredExample,
} from '../moderation/classifier';
import { withTransaction, type Db } from './pool';

interface CountRow {
  scope: string;
  /** Null for the scope's document counts. */
  token: string | null;
  spam: number;
  ham: number;
}

/**
 * The counts of a comment's tokens for its site and for all sites, with both scopes' document
 * counts, in one round trip: the worker calls this for every comment. The (scope, token)
 * primary key serves both `= ANY` lists.
 */
export async function loadClassifierStats(
  db: Db,
  siteId: string,
  tokens: readonly string[],
): Promise<ScopedStats> {
  return (await loadClassifierStatsMany(db, [{ siteId, tokens }]))[0]!;
}

/**
 * loadClassifierStats for many comments in one query (the worker's group read): the union of their
 * sites and tokens is read once, then each comment gets the counts of its own tokens, in input order.
 */
export async function loadClassifierStatsMany(
  db: Db,
  requests: ReadonlyArray<{ siteId: string; tokens: readonly string[] }>,
): Promise<ScopedStats[]> {
  const scopes = [...new Set([GLOBAL_SCOPE, ...requests.map((r) => r.siteId)])];
  const allTokens = [...new Set(requests.flatMap((r) => r.tokens))];
  const { rows } = await db.query<CountRow>(
    `SELECT scope, token, spam, ham FROM classifier_tokens
      WHERE scope = ANY($1::text[]) AND token = ANY($2::text[]) AND (spam > 0 OR ham > 0)
     UNION ALL
     SELECT scope, NULL, spam, ham FROM classifier_docs WHERE scope = ANY($1::text[])`,
    [scopes, allTokens],
  );
  const docs = new Map<string, { spam: number; ham: number }>();
  const counts = new Map<string, { spam: number; ham: number }>();
  for (const row of rows) {
    if (row.token === null) docs.set(row.scope, { spam: row.spam, ham: row.ham });
    else counts.set(`${row.scope}\u0000${row.token}`, { spam: row.spam, ham: row.ham });
  }
  // A site whose id were 'global' would read the global counts twice; site ids are uuids.
  const view = (scope: string, tokens: readonly string[]): ClassifierStats => {
    const picked = new Map<string, { spam: number; ham: number }>();
    for (const token of tokens) {
      const found = counts.get(`${scope}\u0000${token}`);
      if (found) picked.set(token, { ...found });
    }
    const total = docs.get(scope);
    return { spamDocs: total?.spam ?? 0, hamDocs: total?.ham ?? 0, tokens: picked };
  };
  return requests.map((r) => ({
    site: view(r.siteId, r.tokens),
    global: view(GLOBAL_SCOPE, r.tokens),
    tokens: r.tokens,
  }));
}

/** What a batch of learns did, counted in the sites' scopes. */
export interface LearnSummary {
  learned: number;
  relabeled: number;
  unchanged: number;
}

/**
 * Learns one labeled example (a comment's decision or feedback, keyed by the comment's id) in its
 * site's scope and the global one. Idempotent: the same label again changes nothing; another
 * label moves the example's counts from the old label to the new one.
 *
 * Given the pool, it runs in its own transaction (retried on deadlock). Given a client, it runs
 * in the caller's transaction, which must be open and READ COMMITTED; it then holds row locks
 * on the example, its tokens and the scopes' document counts until the caller commits, so
 * commit soon and learn once per transaction.
 */
export async function learnExample(db: Pool | PoolClient, input: LearnInput): Promise<LearnOutcome> {
  const summary = await learnExamples(db, [input]);
  return summary.learned > 0 ? 'learned' : summary.relabeled > 0 ? 'relabeled' : 'unchanged';
}

/** learnExample for many examples in one transaction, a handful of statements whatever their number. */
export async function learnExamples(
  db: Pool | PoolClient,
  inputs: readonly LearnInput[],
): Promise<LearnSummary> {
  // The same example twice in a batch is learned once, with its last label.
  const unique = new Map<string, Change>();
  for (const { siteId, key, label, tokens } of inputs) {
    unique.set(pairId(siteId, key), { siteId, key, next: { label, tokens: [...new Set(tokens)] } });
  }
  const changes = [...unique.values()];
  if (changes.length === 0) return { learned: 0, relabeled: 0, unchanged: 0 };
  const outcomes = await inTransaction(db, (client) => applyChanges(client, changes));
  const summary: LearnSummary = { learned: 0, relabeled: 0, unchanged: 0 };
  for (const outcome of outcomes) if (outcome !== 'forgotten') summary[outcome] += 1;
  return summary;
}

/** Forgets a learned example in both scopes, taking its counts back; false when it was not learned. */
export async function forgetExample(
  db: Pool | PoolClient,
  input: { siteId: string; key: string },
): Promise<boolean> {
  const [outcome] = await inTransaction(db, (client) => applyChanges(client, [{ ...input, next: null }]));
  return outcome === 'forgotten';
}

const isPool = (db: Pool | PoolClient): db is Pool => typeof (db as Pool).totalCount === 'number';
// Deadlock detected, serialization failure: both mean "try again", and the work is idempotent.
const RETRYABLE = new Set(['40P01', '40001']);

async function inTransaction<T>(db: Pool | PoolClient, fn: (client: Db) => Promise<T>): Promise<T> {
  if (!isPool(db)) return fn(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db, fn);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}

type Change = { siteId: string; key: string; next: StoredExample | null };
type Outcome = ChangeOutcome;

interface ExampleRow {
  scope: string;
  key: string;
  label: StoredExample['label'];
  tokens: string[];
}

const pairId = (scope: string, key: string) => `${scope}\u0000${key}`;

/**
 * Applies changes of examples to the counts. Locks are always taken in the same order — example
 * rows, then token rows, then document rows, each sorted — so concurrent learns wait for each
 * other instead of deadlocking. Returns each change's outcome in its site's scope.
 */
async function applyChanges(db: Db, changes: readonly Change[]): Promise<Outcome[]> {
  // One row per (scope, key); a later change of the same example wins.
  const pairs = new Map<string, { scope: string; key: string; next: StoredExample | null }>();
  for (const { siteId, key, next } of changes) {
    for (const scope of scopesOf(siteId)) pairs.set(pairId(scope, key), { scope, key, next });
  }
  const ordered = [...pairs.values()];

  // New examples: insert them. ON CONFLICT waits for a concurrent insert of the same example to
  // commit, then skips it, so such an example is read (and locked) below like any existing one.
  const toInsert = ordered.filter((pair) => pair.next !== null);
  const inserted = new Set<string>();
  if (toInsert.length > 0) {
    const { rows } = await db.query<{ scope: string; key: string }>(
      `INSERT INTO classifier_examples (scope, key, label, tokens)
       SELECT e->>'scope', e->>'key', e->>'label', ARRAY(SELECT jsonb_array_elements_text(e->'tokens'))
         FROM jsonb_array_elements($1::jsonb) AS e
        ORDER BY e->>'scope', e->>'key'
       ON CONFLICT (scope, key) DO NOTHING
       RETURNING scope, key`,
      [JSON.stringify(toInsert.map(({ scope, key, next }) => ({ scope, key, ...next })))],
    );
    for (const row of rows) inserted.add(pairId(row.scope, row.key));
  }

  const existing = ordered.filter((pair) => !inserted.has(pairId(pair.scope, pair.key)));
  const before = new Map<string, StoredExample>();
  if (existing.length > 0) {
    const { rows } = await db.query<ExampleRow>(
      `SELECT scope, key, label, tokens FROM classifier_examples
        WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY scope, key FOR UPDATE`,
      [existing.map((pair) => pair.scope), existing.map((pair) => pair.key)],
    );
    for (const row of rows) before.set(pairId(row.scope, row.key), { label: row.label, tokens: row.tokens });
  }

  const deltas = new Map<string, CountDelta>();
  const outcomes = new Map<string, Outcome>();
  const rewrite: Array<{ scope: string; key: string } & StoredExample> = [];
  const remove: Array<{ scope: string; key: string }> = [];
  for (const { scope, key, next } of ordered) {
    const id = pairId(scope, key);
    const delta = deltas.get(scope) ?? emptyDelta();
    deltas.set(scope, delta);
    const outcome = accumulateChange(delta, inserted.has(id) ? null : (before.get(id) ?? null), next);
    outcomes.set(id, outcome);
    if (inserted.has(id) || outcome === 'unchanged') continue;
    if (next) rewrite.push({ scope, key, ...next });
    else remove.push({ scope, key });
  }

  if (rewrite.length > 0) {
    // An upsert, not an update: the row may have been forgotten by someone else since it was read.
    await db.query(
      `INSERT INTO classifier_examples (scope, key, label, tokens)
       SELECT e->>'scope', e->>'key', e->>'label', ARRAY(SELECT jsonb_array_elements_text(e->'tokens'))
         FROM jsonb_array_elements($1::jsonb) AS e
        ORDER BY e->>'scope', e->>'key'
       ON CONFLICT (scope, key) DO UPDATE
         SET label = EXCLUDED.label, tokens = EXCLUDED.tokens, learned_at = now()`,
      [JSON.stringify(rewrite)],
    );
  }
  if (remove.length > 0) {
    await db.query(
      `DELETE FROM classifier_examples WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [remove.map((pair) => pair.scope), remove.map((pair) => pair.key)],
    );
  }
  await applyDeltas(db, deltas);

  return changes.map(({ siteId, key }) => outcomes.get(pairId(siteId, key)) ?? 'unchanged');
}

/** Adds the deltas to the token and document counts: one upsert each, rows in key order. */
async function applyDeltas(db: Db, deltas: Map<string, CountDelta>): Promise<void> {
  const scopes: string[] = [];
  const tokens: string[] = [];
  const spam: number[] = [];
  const ham: number[] = [];
  for (const [scope, delta] of deltas) {
    for (const [token, change] of delta.tokens) {
      if (change.spam === 0 && change.ham === 0) continue;
      scopes.push(scope);
      tokens.push(token);
      spam.push(change.spam);
      ham.push(change.ham);
    }
  }
  if (tokens.length > 0) {
    // Decrements only touch rows the stored example counted; the floor guards against drift (a manual fix).
    await db.query(
      `INSERT INTO classifier_tokens (scope, token, spam, ham)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) ORDER BY 1, 2
       ON CONFLICT (scope, token) DO UPDATE
         SET spam = GREATEST(classifier_tokens.spam + EXCLUDED.spam, 0),
             ham = GREATEST(classifier_tokens.ham + EXCLUDED.ham, 0)`,
      [scopes, tokens, spam, ham],
    );
  }
  const docs = [...deltas].filter(([, delta]) => delta.spamDocs !== 0 || delta.hamDocs !== 0);
  if (docs.length > 0) {
    await db.query(
      `INSERT INTO classifier_docs (scope, spam, ham)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[]) ORDER BY 1
       ON CONFLICT (scope) DO UPDATE
         SET spam = GREATEST(classifier_docs.spam + EXCLUDED.spam, 0),
             ham = GREATEST(classifier_docs.ham + EXCLUDED.ham, 0)`,
      [docs.map(([scope]) => scope), docs.map(([, d]) => d.spamDocs), docs.map(([, d]) => d.hamDocs)],
    );
  }
}
