import type { Evidence, TextModelName, TextScorer } from '../models/text-model';
import { analyzeComment } from '../text/analyze';
import { isOtherThanEnglish } from '../text/language';
import type { Check, Signal, Span } from '../types';
import { modelScore } from './model-scoring';

const LABELS: Record<TextModelName, { likely: string; unlikely: string; noun: string }> = {
  spam: { likely: 'likely_spam', unlikely: 'unlikely_spam', noun: 'spam' },
  offensive: { likely: 'likely_offensive', unlikely: 'unlikely_offensive', noun: 'offensive' },
};

const percent = (p: number) =>
  p >= 0.99 || p <= 0.01 ? `${(p * 100).toFixed(1)}%` : `${Math.round(p * 100)}%`;
const quote = (evidence: Evidence[]) => evidence.map((one) => `"${one.text}"`).join(', ');

/**
 * A shipped text model as a check: its calibrated probability becomes a score, explained by the
 * words and word pairs that weighed most, marked in the original text. Trained on English text:
 * it stands aside when the comment is clearly in another language.
 */
export function createTextModelCheck(scorer: TextScorer, name: TextModelName): Check<unknown> {
  const labels = LABELS[name];
  return (comment, _context, analysis = analyzeComment(comment)) => {
    if (isOtherThanEnglish(analysis.language)) return [];
    const verdict = scorer.score(name, comment.content, analysis.canonical);
    if (!verdict) return [];
    const score = modelScore(name, verdict.probability);
    if (score === 0) return [];
    const likely = score > 0;
    // Only a score that holds needs its words shown; the common "not spam" is told by its probability.
    const evidence = likely ? scorer.explain(name, comment.content, analysis.canonical, 1) : [];
    const words = evidence.length > 0 ? ` (words: ${quote(evidence)})` : '';
    const signal: Signal = {
      check: `${name}_model`,
      code: likely ? labels.likely : labels.unlikely,
      score,
      message: likely
        ? `The ${name} model finds it ${percent(verdict.probability)} likely ${labels.noun}${words}`
        : `The ${name} model finds it ${percent(1 - verdict.probability)} likely not ${labels.noun}${words}`,
    };
    const spans: Span[] = evidence.flatMap((one) => one.spans);
    if (spans.length > 0) signal.spans = spans.sort((a, b) => a.start - b.start);
    return [signal];
  };
}
