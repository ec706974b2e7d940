import { parseArgs } from 'node:util';
import { policySchema } from '../src/moderation/policy';
import { readLabeledRows, type LabeledFileOptions, type LabeledRow } from '../src/labeled-file';
import { evaluateObscenity } from './baseline';
import { evaluate, type EvaluationTally } from './evaluate';
import { percent, scores, type Confusion } from './metrics';

const usage = `usage: npm run eval -- --input FILE [--input FILE ...] [options]

  --format csv|tsv        default: from the file name (.csv or else tsv)
  --no-header             the file has no header row; columns are then 0-based numbers
  --text-column NAME      default CONTENT (csv) / tweet (tsv)
  --label-column NAME     default TAG (csv) / subtask_a (tsv)
  --spam-value V          the label value of the positive class; default 1 (csv) / OFF (tsv)
  --author-column NAME    a column that identifies the author, for author history
  --learn-fraction F      teach the classifier the first F of the rows (file order), score the rest
  --baseline obscenity    also score raw obscenity on the same rows
  --policy JSON           a site policy to evaluate with (default: the default policy)`;

async function* concat(paths: string[], options: LabeledFileOptions): AsyncIterable<LabeledRow> {
  for (const path of paths) yield* readLabeledRows(path, options);
}

function flaggedRow(name: string, confusion: Confusion, extra: string[] = []) {
  const s = scores(confusion);
  return `| ${name} | ${percent(s.precision)} | ${percent(s.recall)} | ${percent(s.f1)} | ${s.mcc.toFixed(3)} | ${percent(s.falsePositiveRate)} | ${extra.join(' | ')} |`;
}

function report(tally: EvaluationTally, baseline: Confusion | null) {
  const negatives = tally.n - tally.positives;
  const s = scores(tally.flagged);
  const negativesRejected = tally.actions.reject.negative / Math.max(negatives, 1);
  const reviewShare = (tally.actions.review.positive + tally.actions.review.negative) / Math.max(tally.n, 1);
  console.log(`scored ${tally.n} rows: ${tally.positives} positive, ${negatives} negative\n`);
  console.log('| action | positives | negatives |\n|---|---|---|');
  for (const [action, counts] of Object.entries(tally.actions)) {
    console.log(`| ${action} | ${counts.positive} | ${counts.negative} |`);
  }
  console.log('\n"flagged" = not approved (review or reject)\n');
  console.log(
    '| system | precision | recall (caught) | F1 | MCC | false-positive rate | negatives rejected | review share |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(flaggedRow('this service', tally.flagged, [percent(negativesRejected), percent(reviewShare)]));
  if (baseline) console.log(flaggedRow('raw obscenity', baseline, ['-', '-']));
  console.log('\n| signal | fired on positives | fired on negatives |\n|---|---|---|');
  const fired = [...tally.fired].sort(
    (a, b) => b[1].positive + b[1].negative - (a[1].positive + a[1].negative),
  );
  for (const [code, counts] of fired) {
    console.log(
      `| ${code} | ${counts.positive} (${percent(counts.positive / Math.max(tally.positives, 1))}) | ${counts.negative} (${percent(counts.negative / Math.max(negatives, 1))}) |`,
    );
  }
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  console.log(
    JSON.stringify({
      n: tally.n,
      precision: round(s.precision),
      recall: round(s.recall),
      f1: round(s.f1),
      mcc: round(s.mcc),
      caught: round(s.recall),
      negativesRejected: round(negativesRejected),
      reviewShare: round(reviewShare),
      ...(baseline
        ? {
            baseline: {
              ...Object.fromEntries(Object.entries(scores(baseline)).map(([k, v]) => [k, round(v)])),
            },
          }
        : {}),
    }),
  );
}

/** The evaluation command: labeled rows through the real checks and policy, in process, no Redis or HTTP. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string', multiple: true },
      format: { type: 'string' },
      'no-header': { type: 'boolean', default: false },
      'text-column': { type: 'string' },
      'label-column': { type: 'string' },
      'spam-value': { type: 'string' },
      'author-column': { type: 'string' },
      'learn-fraction': { type: 'string', default: '0' },
      baseline: { type: 'string' },
      policy: { type: 'string', default: '{}' },
    },
  });
  const inputs = values.input ?? [];
  const learnFraction = Number(values['learn-fraction']);
  if (
    inputs.length === 0 ||
    !(learnFraction >= 0 && learnFraction < 1) ||
    (values.baseline && values.baseline !== 'obscenity')
  ) {
    console.error(usage);
    return 2;
  }
  const format =
    values.format === 'csv' || values.format === 'tsv'
      ? values.format
      : inputs[0]!.endsWith('.csv')
        ? 'csv'
        : 'tsv';
  const csv = format === 'csv';
  const options: LabeledFileOptions = {
    format,
    header: !values['no-header'],
    textColumn: values['text-column'] ?? (csv ? 'CONTENT' : 'tweet'),
    labelColumn: values['label-column'] ?? (csv ? 'TAG' : 'subtask_a'),
    spamValue: values['spam-value'] ?? (csv ? '1' : 'OFF'),
    authorColumn: values['author-column'],
  };
  const policy = policySchema.parse(JSON.parse(values.policy));

  let total = 0;
  for await (const _row of concat(inputs, options)) total++;
  const learnCount = Math.floor(total * learnFraction);
  console.log(`${total} rows in ${inputs.length} file(s); learning from the first ${learnCount}`);
  const tally = await evaluate(concat(inputs, options), policy, learnCount);
  const baseline = values.baseline ? await evaluateObscenity(concat(inputs, options), learnCount) : null;
  report(tally, baseline);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
