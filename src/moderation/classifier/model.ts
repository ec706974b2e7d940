import type { ClassifierStats, ScopedStats } from '../check-context';

/**
 * A scope (a site, or all sites) is trusted only after this many learned examples of each label:
 * with fewer, a handful of moderator clicks would swing verdicts, so the classifier abstains.
 */
export const MIN_EXAMPLES_PER_LABEL = 5;
/** Robinson's strength of the prior (s) and the prior itself (x) for a token no scope has seen. */
export const PRIOR_STRENGTH = 1;
export const PRIOR = 0.5;
/** The most interesting tokens (largest |f − 0.5|) that are combined, as SpamAssassin's 150 / bogofilter's ~15–25. */
export const MAX_CLUES = 20;
/** Tokens nearer 0.5 than this say nothing and are left out (Robinson's "minimum deviation"). */
export const MIN_DEVIATION = 0.1;

/** One token that weighed in, with its smoothed spam probability f(w). */
export interface Clue {
  token: string;
  probability: number;
}

export type Classification =
  | { kind: 'abstain'; reason: 'not_enough_examples' | 'no_clues' }
  | {
      kind: 'scored';
      /** Fisher-combined P(spam), 0..1. */
      probability: number;
      /** The combined tokens, most spammy first. */
      clues: Clue[];
      /** Whose counts decided: the site's own (with global as a prior), or only all sites'. */
      basis: 'site' | 'global';
    };

/** Whether a scope has learned enough of both labels to be listened to. */
export function hasEnoughExamples(stats: ClassifierStats): boolean {
  return stats.spamDocs >= MIN_EXAMPLES_PER_LABEL && stats.hamDocs >= MIN_EXAMPLES_PER_LABEL;
}

/**
 * Robinson's f(w) = (s·x + n·p(w)) / (s + n), where p(w) is the token's spam frequency over the
 * sum of its spam and ham frequencies (each relative to its label's document count, so an
 * unbalanced corpus does not tilt every token), n the documents it appeared in, x the prior.
 */
export function robinson(
  counts: { spam: number; ham: number },
  docs: { spamDocs: number; hamDocs: number },
  prior: number,
): number {
  const n = counts.spam + counts.ham;
  if (n === 0) return prior;
  const spamRate = counts.spam / Math.max(docs.spamDocs, 1);
  const hamRate = counts.ham / Math.max(docs.hamDocs, 1);
  const p = spamRate / (spamRate + hamRate);
  return (PRIOR_STRENGTH * prior + n * p) / (PRIOR_STRENGTH + n);
}

/** P(χ² > x2) with v degrees of freedom, v even (the series Robinson and SpamAssassin use). */
export function chi2Q(x2: number, v: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < v / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

/**
 * Fisher's combining as SpamAssassin does it: the spam and ham evidences are each a chi-square
 * test of the clues' probabilities, and the answer is (S − H + 1) / 2, near 0.5 when the clues
 * disagree or are few.
 */
export function fisherCombine(probabilities: number[]): number {
  if (probabilities.length === 0) return 0.5;
  let logSpam = 0;
  let logHam = 0;
  for (const f of probabilities) {
    logSpam += Math.log(1 - f);
    logHam += Math.log(f);
  }
  const v = 2 * probabilities.length;
  const spamminess = 1 - chi2Q(-2 * logSpam, v);
  const hamminess = 1 - chi2Q(-2 * logHam, v);
  return (spamminess - hamminess + 1) / 2;
}

// Robinson's f never reaches 0 or 1 with s > 0, but a log of 0 would make the sum -Infinity.
const clamp = (f: number) => Math.min(Math.max(f, 1e-6), 1 - 1e-6);

/**
 * P(spam) of a document from its tokens' counts. Per token, all sites' counts give a prior, and
 * once the site has learned enough, its own counts refine it (back-off: a site that has seen a
 * word only in ham overrides a global spam lean after a few examples). Abstains until either
 * scope has learned MIN_EXAMPLES_PER_LABEL of each label, or when no token is interesting.
 */
export function classify(
  tokens: readonly string[],
  stats: Pick<ScopedStats, 'site' | 'global'>,
): Classification {
  const siteReady = hasEnoughExamples(stats.site);
  const globalReady = hasEnoughExamples(stats.global);
  if (!siteReady && !globalReady) return { kind: 'abstain', reason: 'not_enough_examples' };

  const clues: Clue[] = [];
  for (const token of new Set(tokens)) {
    const globalCounts = globalReady ? stats.global.tokens.get(token) : undefined;
    const prior = globalCounts ? robinson(globalCounts, stats.global, PRIOR) : PRIOR;
    const siteCounts = siteReady ? stats.site.tokens.get(token) : undefined;
    const probability = siteCounts ? robinson(siteCounts, stats.site, prior) : prior;
    if (Math.abs(probability - 0.5) >= MIN_DEVIATION) clues.push({ token, probability: clamp(probability) });
  }
  if (clues.length === 0) return { kind: 'abstain', reason: 'no_clues' };

  // Most interesting first; ties by token so the same counts always give the same answer.
  clues.sort(
    (a, b) => Math.abs(b.probability - 0.5) - Math.abs(a.probability - 0.5) || (a.token < b.token ? -1 : 1),
  );
  const chosen = clues.slice(0, MAX_CLUES);
  return {
    kind: 'scored',
    probability: fisherCombine(chosen.map((clue) => clue.probability)),
    clues: chosen.sort((a, b) => b.probability - a.probability),
    basis: siteReady ? 'site' : 'global',
  };
}
