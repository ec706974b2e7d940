import type { ClassifierStats } from '../moderation/check-context';
import { scopedStats, type CountDelta, type ScopedStats, type StoredExample } from '../moderation/classifier';
import { createLearner, type ExampleRows, type Learner } from '../moderation/classifier/learner';

/** A classifier's state in process memory, for the evaluation command and tests. */
export interface MemoryLearning extends Learner {
  /** The counts of these tokens in the site's scope and the global one, as loadClassifierStats reads them. */
  stats(siteId: string, tokens: readonly string[]): Promise<ScopedStats>;
}

const emptyStats = (): ClassifierStats => ({ spamDocs: 0, hamDocs: 0, tokens: new Map() });

/**
 * The classifier's rows in Maps, learned by the same createLearner as PostgreSQL's, so both keep
 * the same counts (tests/integration/learning-stores.test.ts runs one table of cases on both).
 * One caller at a time: there is nothing to lock.
 */
export function createMemoryLearning(): MemoryLearning {
  const examples = new Map<string, StoredExample>();
  const scopes = new Map<string, ClassifierStats>();
  const id = (scope: string, key: string) => `${scope}\u0000${key}`;

  const addCounts = (scope: string, delta: CountDelta) => {
    const stats = scopes.get(scope) ?? emptyStats();
    scopes.set(scope, stats);
    stats.spamDocs = Math.max(0, stats.spamDocs + delta.spamDocs);
    stats.hamDocs = Math.max(0, stats.hamDocs + delta.hamDocs);
    for (const [token, change] of delta.tokens) {
      const counts = stats.tokens.get(token) ?? { spam: 0, ham: 0 };
      counts.spam = Math.max(0, counts.spam + change.spam);
      counts.ham = Math.max(0, counts.ham + change.ham);
      if (counts.spam === 0 && counts.ham === 0) stats.tokens.delete(token);
      else stats.tokens.set(token, counts);
    }
  };
  const rows: ExampleRows = {
    async insertNew(candidates) {
      const fresh = candidates.filter((row) => !examples.has(id(row.scope, row.key)));
      for (const { scope, key, label, tokens } of fresh) examples.set(id(scope, key), { label, tokens });
      return fresh;
    },
    async lockExisting(refs) {
      return refs.flatMap(({ scope, key }) => {
        const stored = examples.get(id(scope, key));
        return stored ? [{ scope, key, ...stored }] : [];
      });
    },
    async write(written) {
      for (const { scope, key, label, tokens } of written) examples.set(id(scope, key), { label, tokens });
    },
    async remove(refs) {
      for (const { scope, key } of refs) examples.delete(id(scope, key));
    },
    async addCounts(deltas) {
      for (const [scope, delta] of deltas) addCounts(scope, delta);
    },
  };
  return {
    ...createLearner((work) => work(rows)),
    stats: async (siteId, tokens) => scopedStats(scopes, siteId, tokens),
  };
}
