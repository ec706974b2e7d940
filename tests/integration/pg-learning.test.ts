import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadClassifierStats } from '../../src/learning/pg-learning';
import { withTransaction, type Db } from '../../src/db/pool';
import { createPgLearner, learnerInTransaction } from '../../src/learning/pg-learning';
import type { LearnInput } from '../../src/moderation/classifier';
import { createTestEnv, type TestEnv } from '../helpers/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.cleanup();
});

/** Everything the classifier stores for a scope, in a comparable shape. */
async function snapshot(scope: string) {
  const [tokens, docs, examples] = await Promise.all([
    env.pool.query<{ token: string; spam: number; ham: number }>(
      'SELECT token, spam, ham FROM classifier_tokens WHERE scope = $1 AND (spam > 0 OR ham > 0) ORDER BY token',
      [scope],
    ),
    env.pool.query<{ spam: number; ham: number }>('SELECT spam, ham FROM classifier_docs WHERE scope = $1', [
      scope,
    ]),
    env.pool.query<{ key: string; label: string; tokens: string[] }>(
      'SELECT key, label, tokens FROM classifier_examples WHERE scope = $1 ORDER BY key',
      [scope],
    ),
  ]);
  return {
    tokens: Object.fromEntries(tokens.rows.map((row) => [row.token, [row.spam, row.ham]])),
    docs: docs.rows[0] ?? { spam: 0, ham: 0 },
    examples: examples.rows,
  };
}

const example = (siteId: string, key: string, label: 'spam' | 'ham', tokens: string[]): LearnInput => ({
  siteId,
  key,
  label,
  tokens,
});

/**
 * What only the PostgreSQL store must show: transactions, locks and round trips. What learning does
 * to the counts is in learning-stores.test.ts, for both stores.
 */
describe('learning in PostgreSQL', () => {
  const learner = () => createPgLearner(env.pool);

  it("runs in the caller's transaction, so a rollback leaves nothing learned", async () => {
    const site = randomUUID();
    await expect(
      withTransaction(env.pool, async (client) => {
        await learnerInTransaction(client).learn(example(site, randomUUID(), 'spam', ['rolled', 'back']));
        throw new Error('the decision failed');
      }),
    ).rejects.toThrow('the decision failed');
    expect(await snapshot(site)).toEqual({ tokens: {}, docs: { spam: 0, ham: 0 }, examples: [] });
  });

  it('when many comments are learned concurrently with overlapping tokens, the counts sum exactly', async () => {
    const site = randomUUID();
    const vocabulary = Array.from({ length: 30 }, (_, i) => `word${i}`);
    const inputs = Array.from({ length: 60 }, (_, i) => {
      // Overlapping tokens in different orders: the lock order must not depend on input order.
      const tokens = vocabulary.filter((_, j) => (i + j) % 3 !== 0);
      return example(site, randomUUID(), i % 2 === 0 ? 'spam' : 'ham', i % 4 < 2 ? tokens : tokens.reverse());
    });
    await Promise.all(inputs.map((input) => learner().learn(input)));

    const expected: Record<string, [number, number]> = {};
    for (const input of inputs) {
      for (const token of input.tokens) {
        const counts = (expected[token] ??= [0, 0]);
        counts[input.label === 'spam' ? 0 : 1] += 1;
      }
    }
    const stored = await snapshot(site);
    expect(stored.tokens).toEqual(expected);
    expect(stored.docs).toEqual({ spam: 30, ham: 30 });
  });

  it('when the same comment is learned concurrently, it is counted once, with the label stored last', async () => {
    const site = randomUUID();
    const key = randomUUID();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        learner().learn(example(site, key, i % 3 === 0 ? 'ham' : 'spam', ['contested', 'text'])),
      ),
    );
    const stored = await snapshot(site);
    expect(stored.examples).toHaveLength(1);
    const label = stored.examples[0]!.label;
    expect(stored.docs).toEqual(label === 'spam' ? { spam: 1, ham: 0 } : { spam: 0, ham: 1 });
    expect(stored.tokens).toEqual(
      label === 'spam' ? { contested: [1, 0], text: [1, 0] } : { contested: [0, 1], text: [0, 1] },
    );
  });

  it('loads the stats of both scopes in one round trip, and they survive a new pool', async () => {
    const site = randomUUID();
    await learner().learnMany(
      Array.from({ length: 10 }, (_, i) =>
        example(site, randomUUID(), i < 5 ? 'spam' : 'ham', ['kept', `t${i}`]),
      ),
    );
    let queries = 0;
    const counting: Db = {
      query: ((...args: Parameters<Db['query']>) => {
        queries += 1;
        return env.pool.query(...args);
      }) as Db['query'],
    };
    const loaded = await loadClassifierStats(counting, site, ['kept', 't0', 't9']);
    expect(queries).toBe(1);

    const fresh = new Pool({ connectionString: env.config.DATABASE_URL, max: 1 });
    try {
      expect(await loadClassifierStats(fresh, site, ['kept', 't0', 't9'])).toEqual(loaded);
    } finally {
      await fresh.end();
    }
    expect(loaded.site.spamDocs).toBe(5);
    expect(loaded.site.tokens.get('kept')).toEqual({ spam: 5, ham: 5 });
  });
});
