import type { Evidence, TextModelName, TextScorer } from '../models/text-model';
import { analyzeComment } from '../text/analyze';
import { isOtherThanEnglish } from '../text/language';
import type { Check, Signal, Span } from '../types';

/**
 * How a model's calibrated probability becomes a score: SLOPE points per unit of log-odds above
 * 0.5, up to MAX; below 0.5 (spam only) a small negative score down to MIN, so that a comment the
 * model finds clearly ordinary needs more rule evidence to be held. The spam model's MAX, with
 * the one point of a link, stays below the default reject threshold: the model reads links too, so
 * a model sure of a comment with one link is the same evidence counted twice, and on a site whose
 * readers share helpful links (DataCamp's) that rejected 2.7% of clean comments. It takes a rule
 * that agrees to reject. Tuned with `npm run eval:loso` (files left out of training).
 */
export const MODEL_SCORING: Record<
  TextModelName,
  { slope: number; max: number; hamSlope: number; min: number }
> = {
  spam: { slope: 2.5, max: 6, hamSlope: 0.3, min: -1 },
  offensive: { slope: 3, max: 6, hamSlope: 0, min: 0 },
};

const LABELS: Record<TextModelName, { likely: string; unlikely: string; noun: string }> = {
  spam: { likely: 'likely_spam', unlikely: 'unlikely_spam', noun: 'spam' },
  offensive: { likely: 'likely_offensive', unlikely: 'unlikely_offensive', noun: 'offensive' },
};

/** The score of a probability under a model's scoring. */
export function modelScore(name: TextModelName, probability: number): number {
  const { slope, max, hamSlope, min } = MODEL_SCORING[name];
  const p = Math.min(Math.max(probability, 1e-6), 1 - 1e-6);
  const logOdds = Math.log(p / (1 - p));
  const score = logOdds >= 0 ? Math.min(max, slope * logOdds) : Math.max(min, hamSlope * logOdds);
  return Math.round(score * 100) / 100;
}

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
