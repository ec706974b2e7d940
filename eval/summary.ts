import type { EvaluationTally } from './evaluate';
import { percent, scores, type Confusion } from './metrics';

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** The figures of one run, as the last JSON line carries them (the first keys are the original ones). */
export function summarize(tally: EvaluationTally) {
  const negatives = tally.n - tally.positives;
  const s = scores(tally.flagged);
  const hamRejected = tally.actions.reject.negative / Math.max(negatives, 1);
  const reviewShare = (tally.actions.review.positive + tally.actions.review.negative) / Math.max(tally.n, 1);
  const signals = Object.fromEntries(
    [...tally.fired]
      .sort((a, b) => b[1].positive + b[1].negative - (a[1].positive + a[1].negative))
      .map(([code, fired]) => [
        code,
        { ...fired, precision: round(fired.positive / Math.max(fired.positive + fired.negative, 1)) },
      ]),
  );
  return {
    n: tally.n,
    precision: round(s.precision),
    recall: round(s.recall),
    f1: round(s.f1),
    mcc: round(s.mcc),
    caught: round(s.recall),
    negativesRejected: round(hamRejected),
    reviewShare: round(reviewShare),
    positives: tally.positives,
    /** Positives rejected with no person involved. */
    spamAutoRejected: round(tally.actions.reject.positive / Math.max(tally.positives, 1)),
    hamRejected: round(hamRejected),
    /** Negatives held for review or rejected. */
    falsePositiveRate: round(s.falsePositiveRate),
    signals,
  };
}

export type Summary = ReturnType<typeof summarize>;

/** The figures of a baseline confusion, rounded. */
export const summarizeConfusion = (confusion: Confusion) =>
  Object.fromEntries(Object.entries(scores(confusion)).map(([key, value]) => [key, round(value)]));

/** Mean and standard deviation of each numeric figure over runs (folds). */
export function spread(summaries: Summary[]) {
  const keys = [
    'precision',
    'recall',
    'f1',
    'mcc',
    'spamAutoRejected',
    'hamRejected',
    'reviewShare',
  ] as const;
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  for (const key of keys) {
    const values = summaries.map((summary) => summary[key]);
    const m = values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    mean[key] = round(m);
    sd[key] = round(Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(values.length - 1, 1)));
  }
  return { mean, sd };
}

/** The tables a person reads on the console: actions by label, flagged figures, signals. */
export function printTables(tally: EvaluationTally, baseline: Confusion | null): void {
  const summary = summarize(tally);
  const negatives = tally.n - tally.positives;
  console.log(`scored ${tally.n} rows: ${tally.positives} positive, ${negatives} negative\n`);
  console.log('| action | positives | negatives |\n|---|---|---|');
  for (const [action, counts] of Object.entries(tally.actions)) {
    console.log(`| ${action} | ${counts.positive} | ${counts.negative} |`);
  }
  console.log('\n"flagged" = not approved (review or reject)\n');
  console.log(
    '| system | precision | recall (caught) | F1 | MCC | false-positive rate | spam auto-rejected | ham rejected | review share |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const row = (name: string, confusion: Confusion, extra: string[]) => {
    const s = scores(confusion);
    const cells = [s.precision, s.recall, s.f1].map(percent);
    return `| ${name} | ${cells.join(' | ')} | ${s.mcc.toFixed(3)} | ${percent(s.falsePositiveRate)} | ${extra.join(' | ')} |`;
  };
  console.log(
    row('this service', tally.flagged, [
      percent(summary.spamAutoRejected),
      percent(summary.hamRejected),
      percent(summary.reviewShare),
    ]),
  );
  if (baseline) console.log(row('raw obscenity', baseline, ['-', '-', '-']));
  console.log('\n' + signalTable(summary, tally.positives, negatives));
}

/** Per signal: on how many positives and negatives it fired, and its precision. */
export function signalTable(summary: Summary, positives: number, negatives: number): string {
  const lines = ['| signal | fired on positives | fired on negatives | precision |', '|---|---|---|---|'];
  for (const [code, fired] of Object.entries(summary.signals)) {
    lines.push(
      `| ${code} | ${fired.positive} (${percent(fired.positive / Math.max(positives, 1))}) | ${fired.negative} (${percent(fired.negative / Math.max(negatives, 1))}) | ${percent(fired.precision)} |`,
    );
  }
  return lines.join('\n');
}
