import type { CheckContext } from '../check-context';
import type { Check, Signal, Span } from '../types';
import { classify, type Clue } from './model';
import { locateTokens } from './tokenizer';

/** Score by P(spam), highest band first: the more certain, the more it weighs. */
const SPAM_BANDS: ReadonlyArray<{ atLeast: number; score: number }> = [
  { atLeast: 0.999, score: 8 },
  { atLeast: 0.99, score: 6 },
  { atLeast: 0.9, score: 4 },
];
/** Score by P(spam), lowest band first: learned ham lowers the sum, but less than spam raises it. */
const HAM_BANDS: ReadonlyArray<{ atMost: number; score: number }> = [
  { atMost: 0.01, score: -2 },
  { atMost: 0.1, score: -1 },
];
/** Words quoted in the message and marked in the text. */
const SHOWN_CLUES = 5;

/** Whether a token is a `bi:` pair of two words both in `words`. */
const isPairOf = (token: string, words: ReadonlySet<string>) =>
  token.startsWith('bi:') &&
  token
    .slice(3)
    .split(' ')
    .every((word) => words.has(word));

/**
 * The clues a moderator reads and sees marked: words, word pairs and domains (meta tokens such as
 * `len:short` explain nothing), and no pair whose two words are listed already.
 */
function shownClues(clues: Clue[]): Clue[] {
  const shown: Clue[] = [];
  const words = new Set<string>();
  for (const clue of clues) {
    if (shown.length >= SHOWN_CLUES) break;
    if (/^(?:has|len):/.test(clue.token)) continue;
    if (isPairOf(clue.token, words)) continue;
    shown.push(clue);
    words.add(clue.token);
  }
  return shown;
}

/** How a token reads in a moderator's message. */
const describe = (token: string) => token.replace(/^(?:dom|bi):/, '');

const percent = (p: number) => (p >= 0.99 ? `${Math.floor(p * 1000) / 10}%` : `${Math.round(p * 100)}%`);

function message(kind: 'spam' | 'ham', probability: number, clues: Clue[]): string {
  const likely =
    kind === 'spam' ? `${percent(probability)} likely spam` : `${percent(1 - probability)} likely not spam`;
  const words = [...new Set(clues.map((clue) => describe(clue.token)))].map((word) => `"${word}"`);
  return `Learned from moderators: ${likely}${words.length > 0 ? ` (words: ${words.join(', ')})` : ''}`;
}

/** Sorted, merged spans (a word and the pair it starts overlap). */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The score a P(spam) earns: positive in the spam bands, negative in the ham bands, 0 in between. */
export function bayesScore(probability: number): number {
  const spam = SPAM_BANDS.find((band) => probability >= band.atLeast);
  if (spam) return spam.score;
  return HAM_BANDS.find((band) => probability <= band.atMost)?.score ?? 0;
}

/**
 * The learned classifier: P(spam) from the token counts moderators' decisions taught, for the
 * site and all sites, read for the comment's tokens (`tokenize(content)`) by whoever preloads the context.
 * Abstains when the counts are unavailable, too few examples were learned, or P(spam) is unsure.
 */
export const classifierCheck: Check<Pick<CheckContext, 'classifier'>> = (comment, { classifier }) => {
  if (!classifier) return [];
  const result = classify(classifier.tokens, classifier);
  if (result.kind === 'abstain') return [];
  const { probability, clues } = result;
  const score = bayesScore(probability);
  if (score > 0) {
    const shown = shownClues(clues.filter((clue) => clue.probability > 0.5));
    const located = locateTokens(comment.content, new Set(shown.map((clue) => clue.token)));
    const signal: Signal = {
      check: 'classifier',
      code: 'bayes_spam',
      score,
      message: message('spam', probability, shown),
    };
    const spans = mergeSpans([...located.values()].flat());
    if (spans.length > 0) signal.spans = spans;
    return [signal];
  }
  if (score < 0) {
    const shown = shownClues(clues.filter((clue) => clue.probability < 0.5).reverse());
    return [{ check: 'classifier', code: 'bayes_ham', score, message: message('ham', probability, shown) }];
  }
  return [];
};
