import type { ClassifierStats } from '../moderation/check-context';
import type { CountDelta, StoredExample } from '../moderation/classifier';
import type { ExampleRows } from '../moderation/classifier/learner';
import type { Db } from './pool';

interface CountRow {
  scope: string;
  /** Null for the scope's document counts. */
  token: string | null;
  spam: number;
  ham: number;
}

/**
 * The counts of these tokens in these scopes, with each scope's document counts, in one round
 * trip (the worker reads them for a group of comments at once). Tokens no example of a scope
 * had are absent from its map; a scope that learned nothing has zero documents. The
 * (scope, token) primary key serves both `= ANY` lists.
 */
export async function loadTokenCounts(
  db: Db,
  scopes: readonly string[],
  tokens: readonly string[],
): Promise<Map<string, ClassifierStats>> {
  const { rows } = await db.query<CountRow>(
    `SELECT scope, token, spam, ham FROM classifier_tokens
      WHERE scope = ANY($1::text[]) AND token = ANY($2::text[]) AND (spam > 0 OR ham > 0)
     UNION ALL
     SELECT scope, NULL, spam, ham FROM classifier_docs WHERE scope = ANY($1::text[])`,
    [scopes, tokens],
  );
  const counts = new Map<string, ClassifierStats>(
    scopes.map((scope) => [scope, { spamDocs: 0, hamDocs: 0, tokens: new Map() }]),
  );
  for (const row of rows) {
    const scope = counts.get(row.scope)!;
    if (row.token === null) Object.assign(scope, { spamDocs: row.spam, hamDocs: row.ham });
    else scope.tokens.set(row.token, { spam: row.spam, ham: row.ham });
  }
  return counts;
}

interface ExampleRecord {
  scope: string;
  key: string;
  label: StoredExample['label'];
  tokens: string[];
}

/**
 * The classifier's rows in PostgreSQL, within the transaction `db` is in (READ COMMITTED): what
 * createLearner reads and writes. Locks are always taken in the same order — example rows, then
 * token rows, then document rows, each sorted by key — so concurrent learns wait for each other
 * instead of deadlocking; they are held until the transaction commits, so commit soon.
 */
export function classifierRows(db: Db): ExampleRows {
  return {
    async insertNew(rows) {
      // ON CONFLICT waits for a concurrent insert of the same example to commit, then skips it.
      const { rows: inserted } = await db.query<{ scope: string; key: string }>(
        `INSERT INTO classifier_examples (scope, key, label, tokens)
         SELECT e->>'scope', e->>'key', e->>'label', ARRAY(SELECT jsonb_array_elements_text(e->'tokens'))
           FROM jsonb_array_elements($1::jsonb) AS e
          ORDER BY e->>'scope', e->>'key'
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING scope, key`,
        [JSON.stringify(rows)],
      );
      return inserted;
    },

    async lockExisting(refs) {
      const { rows } = await db.query<ExampleRecord>(
        `SELECT scope, key, label, tokens FROM classifier_examples
          WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          ORDER BY scope, key FOR UPDATE`,
        [refs.map((ref) => ref.scope), refs.map((ref) => ref.key)],
      );
      return rows;
    },

    async write(rows) {
      // An upsert, not an update: the row may have been forgotten by someone else since it was read.
      await db.query(
        `INSERT INTO classifier_examples (scope, key, label, tokens)
         SELECT e->>'scope', e->>'key', e->>'label', ARRAY(SELECT jsonb_array_elements_text(e->'tokens'))
           FROM jsonb_array_elements($1::jsonb) AS e
          ORDER BY e->>'scope', e->>'key'
         ON CONFLICT (scope, key) DO UPDATE
           SET label = EXCLUDED.label, tokens = EXCLUDED.tokens, learned_at = now()`,
        [JSON.stringify(rows)],
      );
    },

    async remove(refs) {
      await db.query(
        `DELETE FROM classifier_examples WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [refs.map((ref) => ref.scope), refs.map((ref) => ref.key)],
      );
    },

    addCounts: (deltas) => addCounts(db, deltas),
  };
}

/** Adds the deltas to the token and document counts: one upsert each, rows in key order. */
async function addCounts(db: Db, deltas: ReadonlyMap<string, CountDelta>): Promise<void> {
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
