import { h, humanize } from './dom';
import { scoreSentence } from './score';
import type { ReviewItem, Signal, SiteSummary } from './types';

/** The heading of the signals: why the item is where it is, in the words of its verdict. */
export function signalsHeading(item: Pick<ReviewItem, 'status' | 'action'>): string {
  if (item.action === 'review' || item.status === 'pending_review') return 'Why it was held';
  if (item.action === 'reject') return 'Why it was rejected';
  if (item.action === 'approve') return 'Why it was approved';
  return 'Signals';
}

/** The score against the site's thresholds, and each signal with its check, weight and reason. */
export function signalsBlock(item: ReviewItem, site: SiteSummary | undefined): HTMLElement {
  const sentence = h(
    'p',
    { class: 'score-line', 'data-testid': 'score-line' },
    scoreSentence(item.score, site),
  );
  const meter =
    item.score !== null && site
      ? h('meter', {
          min: 0,
          max: Math.max(site.rejectThreshold * 1.25, item.score),
          low: site.reviewThreshold,
          high: site.rejectThreshold,
          optimum: 0,
          value: item.score,
          'aria-label': `Score ${item.score.toFixed(1)} of the rejection threshold ${site.rejectThreshold}`,
        })
      : null;
  if (item.signals.length === 0) {
    return h('div', null, sentence, meter, h('p', { class: 'muted' }, 'No signal fired.'));
  }
  return h('div', null, sentence, meter, signalTable(item.signals));
}

function signalTable(signals: Signal[]): HTMLElement {
  return h(
    'table',
    { class: 'signals', 'data-testid': 'signals' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, 'Check'),
        h('th', null, 'Signal'),
        h('th', { class: 'num' }, 'Score'),
        h('th', null, 'Why'),
      ),
    ),
    h(
      'tbody',
      null,
      [...signals]
        .sort((a, b) => b.score - a.score)
        .map((signal) =>
          h(
            'tr',
            null,
            h(
              'td',
              null,
              h('span', { class: 'check-dot', 'data-check': signal.check }),
              humanize(signal.check),
            ),
            h(
              'td',
              null,
              humanize(signal.code),
              ' ',
              h('code', { class: 'muted' }, signal.code),
              signal.force ? h('span', { class: 'pill force' }, `forces ${signal.force}`) : null,
            ),
            h(
              'td',
              { class: `num ${signal.score < 0 ? 'neg' : ''}` },
              signal.score > 0 ? `+${signal.score}` : String(signal.score),
            ),
            h('td', null, signal.message),
          ),
        ),
    ),
  );
}
