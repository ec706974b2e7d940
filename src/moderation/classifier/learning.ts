import type { ClassifierStats } from '../check-context';
import type { ScopedStats } from './model';

export type Label = 'spam' | 'ham';

/** The scope every example is also learned in, besides its site's. */
export const GLOBAL_SCOPE = 'global';

/** One labeled document to learn: a comment (key = its id) or a training-file row (key = `text:<sha256>`). */
export interface LearnInput {
  siteId: string;
  key: string;
  label: Label;
  tokens: readonly string[];
}

/** What learning did to the example in the site's scope. */
export type LearnOutcome = 'learned' | 'relabeled' | 'unchanged';
/** What a change of an example did: a learn's outcome, or forgetting it. */
export type ChangeOutcome = LearnOutcome | 'forgotten';

/** An example as stored: its label and the tokens that were counted for it. */
export interface StoredExample {
  label: Label;
  tokens: readonly string[];
}

/** Changes of counts, per token and for the documents, in one scope. */
export interface CountDelta {
  spamDocs: number;
  hamDocs: number;
  tokens: Map<string, { spam: number; ham: number }>;
}

/** The scopes an example of a site is learned in, in lock order (sorted). */
export const scopesOf = (siteId: string): string[] => [...new Set([siteId, GLOBAL_SCOPE])].sort();

/** An empty delta to accumulate into. */
export const emptyDelta = (): CountDelta => ({ spamDocs: 0, hamDocs: 0, tokens: new Map() });

function addDocument(delta: CountDelta, example: StoredExample, sign: 1 | -1): void {
  if (example.label === 'spam') delta.spamDocs += sign;
  else delta.hamDocs += sign;
  for (const token of new Set(example.tokens)) {
    const counts = delta.tokens.get(token) ?? { spam: 0, ham: 0 };
    counts[example.label] += sign;
    delta.tokens.set(token, counts);
  }
}

/**
 * Adds to `delta` what replacing `before` by `after` changes: nothing when the label is the same
 * (learning is idempotent per example), the old label's counts moved to the new one otherwise.
 * `after` null forgets the example. Returns the outcome.
 */
export function accumulateChange(
  delta: CountDelta,
  before: StoredExample | null,
  after: StoredExample | null,
): ChangeOutcome {
  if (before && after && before.label === after.label) return 'unchanged';
  if (!before && !after) return 'unchanged';
  if (before) addDocument(delta, before, -1);
  if (after) addDocument(delta, after, 1);
  if (!after) return 'forgotten';
  return before ? 'relabeled' : 'learned';
}

const emptyStats = (): ClassifierStats => ({ spamDocs: 0, hamDocs: 0, tokens: new Map() });

/** A classifier's state in memory, for the evaluation command and tests: same semantics as the PostgreSQL store. */
export interface MemoryClassifierStore {
  learn(input: LearnInput): LearnOutcome;
  /** Forgets an example in both scopes; false when it was not learned. */
  unlearn(input: { siteId: string; key: string }): boolean;
  /** The counts of these tokens in the site's scope and the global one, as loadClassifierStats returns them. */
  stats(siteId: string, tokens: readonly string[]): ScopedStats;
}

/** A Map-based classifier store. */
export function createMemoryClassifierStore(): MemoryClassifierStore {
  const scopes = new Map<string, ClassifierStats>();
  const examples = new Map<string, StoredExample>();
  const scopeStats = (scope: string) => {
    let stats = scopes.get(scope);
    if (!stats) {
      stats = emptyStats();
      scopes.set(scope, stats);
    }
    return stats;
  };
  const apply = (scope: string, delta: CountDelta) => {
    const stats = scopeStats(scope);
    stats.spamDocs += delta.spamDocs;
    stats.hamDocs += delta.hamDocs;
    for (const [token, change] of delta.tokens) {
      const counts = stats.tokens.get(token) ?? { spam: 0, ham: 0 };
      counts.spam = Math.max(0, counts.spam + change.spam);
      counts.ham = Math.max(0, counts.ham + change.ham);
      if (counts.spam === 0 && counts.ham === 0) stats.tokens.delete(token);
      else stats.tokens.set(token, counts);
    }
  };
  const change = (siteId: string, key: string, after: StoredExample | null): ChangeOutcome => {
    let siteOutcome: ChangeOutcome = 'unchanged';
    for (const scope of scopesOf(siteId)) {
      const id = `${scope}\u0000${key}`;
      const delta = emptyDelta();
      const outcome = accumulateChange(delta, examples.get(id) ?? null, after);
      if (outcome === 'unchanged') continue;
      apply(scope, delta);
      if (after) examples.set(id, after);
      else examples.delete(id);
      if (scope === siteId) siteOutcome = outcome;
    }
    return siteOutcome;
  };
  const pick = (scope: string, tokens: readonly string[]): ClassifierStats => {
    const stats = scopes.get(scope) ?? emptyStats();
    const picked = new Map<string, { spam: number; ham: number }>();
    for (const token of tokens) {
      const counts = stats.tokens.get(token);
      if (counts) picked.set(token, { ...counts });
    }
    return { spamDocs: stats.spamDocs, hamDocs: stats.hamDocs, tokens: picked };
  };
  return {
    learn: ({ siteId, key, label, tokens }) =>
      change(siteId, key, { label, tokens: [...new Set(tokens)] }) as LearnOutcome,
    unlearn: ({ siteId, key }) => change(siteId, key, null) === 'forgotten',
    stats: (siteId, tokens) => ({ site: pick(siteId, tokens), global: pick(GLOBAL_SCOPE, tokens), tokens }),
  };
}
