import {
  accumulateChange,
  emptyDelta,
  scopesOf,
  type ChangeOutcome,
  type CountDelta,
  type LearnInput,
  type LearnOutcome,
  type StoredExample,
} from './learning';

/** An example in one scope. */
export interface ExampleRef {
  scope: string;
  key: string;
}
export type ExampleRow = ExampleRef & StoredExample;

const exampleId = (scope: string, key: string) => `${scope}\u0000${key}`;

/**
 * The rows a classifier store keeps, as learning reads and writes them within one transaction: the
 * examples learned (per scope and key) and the token and document counts. A store decides nothing;
 * createLearner does. The PostgreSQL store is db/classifier-repository.ts, the in-memory one
 * learning/memory-learning.ts.
 */
export interface ExampleRows {
  /** Stores the examples that are not stored yet; returns those it stored. */
  insertNew(rows: readonly ExampleRow[]): Promise<ExampleRef[]>;
  /** The stored examples among these, locked until the transaction ends. */
  lockExisting(refs: readonly ExampleRef[]): Promise<ExampleRow[]>;
  /** Stores these examples, whether they are stored now or not. */
  write(rows: readonly ExampleRow[]): Promise<void>;
  remove(refs: readonly ExampleRef[]): Promise<void>;
  /** Adds each scope's delta to its token and document counts; a count never goes below 0. */
  addCounts(deltas: ReadonlyMap<string, CountDelta>): Promise<void>;
}

/** Runs work on the rows of one transaction of a store, committing when it resolves. */
export type InTransaction = <T>(work: (rows: ExampleRows) => Promise<T>) => Promise<T>;

/** What a batch of learns did, counted in the sites' scopes. */
export interface LearnSummary {
  learned: number;
  relabeled: number;
  unchanged: number;
}

/** Teaches the classifier labeled examples, in a store's transactions. */
export interface Learner {
  /**
   * Learns one labeled example (a comment's decision or feedback, keyed by the comment's id) in
   * its site's scope and the global one. Idempotent: the same label again changes nothing; another
   * label moves the example's counts from the old label to the new one.
   */
  learn(input: LearnInput): Promise<LearnOutcome>;
  /** learn for many examples in one transaction; the same example twice is learned once, with its last label. */
  learnMany(inputs: readonly LearnInput[]): Promise<LearnSummary>;
  /** Forgets a learned example in both scopes, taking its counts back; false when it was not learned. */
  forget(input: { siteId: string; key: string }): Promise<boolean>;
}

type Change = { siteId: string; key: string; next: StoredExample | null };

/** Learning on a store: `inTransaction` says where each learn runs (its own transaction, or the caller's). */
export function createLearner(inTransaction: InTransaction): Learner {
  const learnMany = async (inputs: readonly LearnInput[]): Promise<LearnSummary> => {
    const unique = new Map<string, Change>();
    for (const { siteId, key, label, tokens } of inputs) {
      unique.set(exampleId(siteId, key), { siteId, key, next: { label, tokens: [...new Set(tokens)] } });
    }
    const summary: LearnSummary = { learned: 0, relabeled: 0, unchanged: 0 };
    if (unique.size === 0) return summary;
    const outcomes = await inTransaction((rows) => applyChanges(rows, [...unique.values()]));
    for (const outcome of outcomes) if (outcome !== 'forgotten') summary[outcome] += 1;
    return summary;
  };
  return {
    async learn(input) {
      const summary = await learnMany([input]);
      return summary.learned > 0 ? 'learned' : summary.relabeled > 0 ? 'relabeled' : 'unchanged';
    },
    learnMany,
    async forget(input) {
      const [outcome] = await inTransaction((rows) => applyChanges(rows, [{ ...input, next: null }]));
      return outcome === 'forgotten';
    },
  };
}

/**
 * Applies changes of examples to the counts, in every scope of their sites: new examples are
 * inserted, known ones read (and locked), and only what changed is written back and counted.
 * Returns each change's outcome in its site's scope.
 */
async function applyChanges(rows: ExampleRows, changes: readonly Change[]): Promise<ChangeOutcome[]> {
  // One entry per (scope, key); a later change of the same example wins.
  const pairs = new Map<string, ExampleRef & { next: StoredExample | null }>();
  for (const { siteId, key, next } of changes) {
    for (const scope of scopesOf(siteId)) pairs.set(exampleId(scope, key), { scope, key, next });
  }
  const ordered = [...pairs.values()];

  // A concurrent insert of the same example makes it a known one here, read (and locked) below.
  const toInsert = ordered.flatMap(({ scope, key, next }) => (next ? [{ scope, key, ...next }] : []));
  const inserted = new Set(
    (toInsert.length > 0 ? await rows.insertNew(toInsert) : []).map((row) => exampleId(row.scope, row.key)),
  );
  const known = ordered.filter((pair) => !inserted.has(exampleId(pair.scope, pair.key)));
  const before = new Map<string, StoredExample>(
    (known.length > 0 ? await rows.lockExisting(known) : []).map(({ scope, key, label, tokens }) => [
      exampleId(scope, key),
      { label, tokens },
    ]),
  );

  const deltas = new Map<string, CountDelta>();
  const outcomes = new Map<string, ChangeOutcome>();
  const rewrite: ExampleRow[] = [];
  const remove: ExampleRef[] = [];
  for (const { scope, key, next } of ordered) {
    const id = exampleId(scope, key);
    const delta = deltas.get(scope) ?? emptyDelta();
    deltas.set(scope, delta);
    const outcome = accumulateChange(delta, inserted.has(id) ? null : (before.get(id) ?? null), next);
    outcomes.set(id, outcome);
    if (inserted.has(id) || outcome === 'unchanged') continue;
    if (next) rewrite.push({ scope, key, ...next });
    else remove.push({ scope, key });
  }
  if (rewrite.length > 0) await rows.write(rewrite);
  if (remove.length > 0) await rows.remove(remove);
  await rows.addCounts(deltas);
  return changes.map(({ siteId, key }) => outcomes.get(exampleId(siteId, key)) ?? 'unchanged');
}
