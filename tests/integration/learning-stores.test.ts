import { randomUUID } from 'node:crypto';
import { loadClassifierStats } from '../../src/learning/pg-learning';
import { createMemoryLearning } from '../../src/learning/memory-learning';
import { createPgLearner } from '../../src/learning/pg-learning';
import type { ClassifierStats } from '../../src/moderation/check-context';
import type { Learner, LearnInput, ScopedStats } from '../../src/moderation/classifier';
import { createTestEnv, type TestEnv } from '../helpers/test-env';

/**
 * One table of learning cases, run against both stores: the in-memory one (the evaluation command's)
 * and PostgreSQL (the service's). Both learn through the same createLearner; this shows their rows
 * keep the same counts. Each case learns for fresh sites under fresh keys (an example's key is
 * unique, as a comment id is), and compares the global scope, which the cases share, by its change.
 */
interface Store extends Learner {
  stats(siteId: string, tokens: readonly string[]): Promise<ScopedStats>;
}

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.cleanup();
});

const stores: Array<[string, () => Store]> = [
  ['in memory', () => createMemoryLearning()],
  [
    'in PostgreSQL',
    () => ({
      ...createPgLearner(env.pool),
      stats: (siteId, tokens) => loadClassifierStats(env.pool, siteId, tokens),
    }),
  ],
];

let run = '';
const example = (siteId: string, key: string, label: 'spam' | 'ham', tokens: string[]): LearnInput => ({
  siteId,
  key: `${key}:${run}`,
  label,
  tokens,
});
/** A scope's counts as [spam, ham] per token, and its documents. */
const counts = (stats: ClassifierStats) => ({
  docs: [stats.spamDocs, stats.hamDocs],
  tokens: Object.fromEntries([...stats.tokens].map(([token, c]) => [token, [c.spam, c.ham]])),
});
const change = (before: ClassifierStats, after: ClassifierStats, tokens: string[]) => ({
  docs: [after.spamDocs - before.spamDocs, after.hamDocs - before.hamDocs],
  tokens: Object.fromEntries(
    tokens.map((token) => {
      const [b, a] = [before.tokens.get(token), after.tokens.get(token)];
      return [token, [(a?.spam ?? 0) - (b?.spam ?? 0), (a?.ham ?? 0) - (b?.ham ?? 0)]];
    }),
  ),
});

describe.each(stores)('learning %s', (_name, open) => {
  let store: Store;
  let site: string;
  beforeEach(() => {
    store = open();
    site = randomUUID();
    run = randomUUID();
  });

  it('counts a learned example in its site and globally, each token once per document', async () => {
    const tokens = ['free', 'codes', 'unseen'];
    const before = await store.stats(site, tokens);
    expect(await store.learn(example(site, 'c1', 'spam', ['free', 'codes', 'free']))).toBe('learned');
    const after = await store.stats(site, tokens);
    expect(counts(after.site)).toEqual({ docs: [1, 0], tokens: { free: [1, 0], codes: [1, 0] } });
    expect(change(before.global, after.global, tokens)).toEqual({
      docs: [1, 0],
      tokens: { free: [1, 0], codes: [1, 0], unseen: [0, 0] },
    });
    expect(counts((await store.stats(randomUUID(), tokens)).site)).toEqual({ docs: [0, 0], tokens: {} });
  });

  it('changes nothing when the same example is learned again with the same label', async () => {
    await store.learn(example(site, 'c1', 'spam', ['cheap', 'pills']));
    const before = await store.stats(site, ['cheap', 'pills']);
    expect(await store.learn(example(site, 'c1', 'spam', ['cheap', 'pills']))).toBe('unchanged');
    expect(await store.stats(site, ['cheap', 'pills'])).toEqual(before);
  });

  it('moves the counts of a relabeled example from the old label to the new one, and back', async () => {
    await store.learn(example(site, 'c1', 'spam', ['free', 'codes']));
    await store.learn(example(site, 'c2', 'spam', ['free']));
    const before = await store.stats(site, ['free', 'codes']);
    expect(await store.learn(example(site, 'c1', 'ham', ['free', 'codes']))).toBe('relabeled');
    const after = await store.stats(site, ['free', 'codes']);
    expect(counts(after.site)).toEqual({ docs: [1, 1], tokens: { free: [1, 1], codes: [0, 1] } });
    expect(change(before.global, after.global, ['free', 'codes'])).toEqual({
      docs: [-1, 1],
      tokens: { free: [-1, 1], codes: [-1, 1] },
    });
    expect(await store.learn(example(site, 'c1', 'spam', ['free', 'codes']))).toBe('relabeled');
    expect(await store.stats(site, ['free', 'codes'])).toEqual(before);
  });

  it('takes the counts of a forgotten example back in both scopes, once', async () => {
    const before = await store.stats(site, ['forgettable']);
    await store.learn(example(site, 'c1', 'ham', ['forgettable']));
    const { key } = example(site, 'c1', 'ham', []);
    expect(await store.forget({ siteId: site, key })).toBe(true);
    expect(await store.forget({ siteId: site, key })).toBe(false);
    expect(await store.stats(site, ['forgettable'])).toEqual(before);
  });

  it('learns a batch with an example repeated in it once, with its last label', async () => {
    const summary = await store.learnMany([
      example(site, 'text:a', 'spam', ['alpha']),
      example(site, 'text:b', 'ham', ['beta']),
      example(site, 'text:a', 'ham', ['alpha']),
    ]);
    expect(summary).toEqual({ learned: 2, relabeled: 0, unchanged: 0 });
    expect(counts((await store.stats(site, ['alpha', 'beta'])).site)).toEqual({
      docs: [0, 2],
      tokens: { alpha: [0, 1], beta: [0, 1] },
    });
  });

  it('counts a text example taught for two sites once globally, and once in each site', async () => {
    const other = randomUUID();
    const before = await store.stats(site, ['shared']);
    expect(await store.learn(example(site, 'text:same', 'spam', ['shared']))).toBe('learned');
    expect(await store.learn(example(other, 'text:same', 'spam', ['shared']))).toBe('learned');
    const after = await store.stats(other, ['shared']);
    expect(counts(after.site)).toEqual({ docs: [1, 0], tokens: { shared: [1, 0] } });
    expect(change(before.global, after.global, ['shared'])).toEqual({
      docs: [1, 0],
      tokens: { shared: [1, 0] },
    });
  });

  it('reports what a batch did: learned, relabeled and unchanged, in the sites’ scopes', async () => {
    await store.learnMany([example(site, 'k1', 'spam', ['x']), example(site, 'k2', 'spam', ['y'])]);
    const summary = await store.learnMany([
      example(site, 'k1', 'spam', ['x']),
      example(site, 'k2', 'ham', ['y']),
      example(site, 'k3', 'ham', ['z']),
    ]);
    expect(summary).toEqual({ learned: 1, relabeled: 1, unchanged: 1 });
  });
});
