import { writeFileSync } from 'node:fs';
import type { ErrorRow, EvaluationTally } from './evaluate';
import { percent } from './metrics';
import { signalTable, summarize } from './summary';

const WORST = 30;

/**
 * How wrong an error is, worst first: ham rejected, then ham held and spam approved by how far
 * their score is from where it should have been.
 */
const badness = (error: ErrorRow) =>
  error.label ? -error.score : (error.action === 'reject' ? 1000 : 0) + error.score;

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 300);

/** Writes the report for people tuning a policy: confusion, signals, the worst errors with their texts. */
export function writeReport(path: string, tally: EvaluationTally, heading: string): void {
  const summary = summarize(tally);
  const negatives = tally.n - tally.positives;
  const { tp, fp, tn, fn } = tally.flagged;
  const lines = [
    `# Evaluation report`,
    '',
    heading,
    '',
    `Scored ${tally.n} rows (${tally.positives} positive). "Flagged" = held for review or rejected.`,
    '',
    '| | flagged | approved |',
    '|---|---|---|',
    `| positive | ${tp} | ${fn} |`,
    `| negative | ${fp} | ${tn} |`,
    '',
    '| action | positives | negatives |',
    '|---|---|---|',
    ...Object.entries(tally.actions).map(([action, c]) => `| ${action} | ${c.positive} | ${c.negative} |`),
    '',
    `Precision ${percent(summary.precision)}, recall ${percent(summary.recall)}, MCC ${summary.mcc.toFixed(3)}, ` +
      `spam auto-rejected ${percent(summary.spamAutoRejected)}, ham rejected ${percent(summary.hamRejected)}, ` +
      `review share ${percent(summary.reviewShare)}.`,
    '',
    '## Signals',
    '',
    signalTable(summary, tally.positives, negatives),
    '',
    `## The ${WORST} worst errors`,
    '',
    '| label | action | score | signals | text |',
    '|---|---|---|---|---|',
    ...[...tally.errors]
      .sort((a, b) => badness(b) - badness(a))
      .slice(0, WORST)
      .map(
        (error) =>
          `| ${error.label ? 'positive' : 'negative'} | ${error.action} | ${error.score} | ${cell(error.signals.join(', ')) || '-'} | ${cell(error.text)} |`,
      ),
    '',
  ];
  writeFileSync(path, lines.join('\n'));
}
