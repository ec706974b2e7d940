import type { ClassifierStats, ScopedStats } from '../check-context';

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

/**
 * A comment's counts, picked from its scopes' counts: its site's and the global scope's, for its
 * tokens only (a site whose id were 'global' would read the global counts twice; site ids are uuids).
 */
export function scopedStats(
  scopes: ReadonlyMap<string, ClassifierStats>,
  siteId: string,
  tokens: readonly string[],
): ScopedStats {
  const pick = (scope: string): ClassifierStats => {
    const stats = scopes.get(scope);
    const picked = new Map<string, { spam: number; ham: number }>();
    for (const token of tokens) {
      const counts = stats?.tokens.get(token);
      if (counts) picked.set(token, { ...counts });
    }
    return { spamDocs: stats?.spamDocs ?? 0, hamDocs: stats?.hamDocs ?? 0, tokens: picked };
  };
  return { site: pick(siteId), global: pick(GLOBAL_SCOPE), tokens };
}
