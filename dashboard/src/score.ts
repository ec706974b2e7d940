import { h } from './dom';
import type { SiteSummary } from './types';

/** How a score stands against its site's thresholds: below review, held, or at rejection. */
export function scoreLevel(
  score: number | null,
  site: SiteSummary | undefined,
): 'none' | 'low' | 'mid' | 'high' {
  if (score === null) return 'none';
  const review = site?.reviewThreshold ?? 3;
  const reject = site?.rejectThreshold ?? 9;
  return score >= reject ? 'high' : score >= review ? 'mid' : 'low';
}

/** The score as a badge coloured by its level; its title says the thresholds. */
export function scoreBadge(score: number | null, site: SiteSummary | undefined): HTMLElement {
  const title = site
    ? `Score; review at ${site.reviewThreshold}, reject at ${site.rejectThreshold}`
    : 'Score';
  return h(
    'span',
    { class: `score score-${scoreLevel(score, site)}`, title },
    score === null ? '–' : score.toFixed(1),
  );
}

/**
 * Where a score stands, in words: "8.0: held (review at 3); 1.0 below automatic rejection at 9".
 * A moderator sees how close an item came to the other outcome.
 */
export function scoreSentence(score: number | null, site: SiteSummary | undefined): string {
  if (score === null) return 'Not scored: a person decided before the checks ran.';
  if (!site) return `Score ${score.toFixed(1)}.`;
  const { reviewThreshold: review, rejectThreshold: reject } = site;
  const gap = (a: number, b: number) => Math.abs(a - b).toFixed(1);
  if (score >= reject) return `Score ${score.toFixed(1)}: at or above automatic rejection (${reject}).`;
  if (score >= review)
    return `Score ${score.toFixed(1)}: held (review at ${review}); ${gap(reject, score)} below automatic rejection at ${reject}.`;
  return `Score ${score.toFixed(1)}: below review (${review}) by ${gap(review, score)}; rejection at ${reject}.`;
}
