import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createChecks } from '../src/moderation/checks';
import { findModelsDir, loadTextModels } from '../src/model-files';
import { policySchema } from '../src/moderation/policy';
import { runMain } from '../src/cli/run-main';
import type { LabeledFileOptions } from '../src/labeled-file';
import { evaluateObscenity } from './baseline';
import { evaluate, type ReplayPlan } from './evaluate';
import { prepareRows, type ReplayRow } from './rows';
import { writeReport } from './report-file';
import { createSignalDump } from './signal-dump';
import { printTables, spread, summarize, summarizeConfusion } from './summary';

const usage = `usage: npm run eval -- --input FILE [--input FILE ...] [options]

  --format csv|tsv        default: from the file name (.csv or else tsv)
  --no-header             the file has no header row; columns are then 0-based numbers
  --text-column NAME      default CONTENT (csv) / tweet (tsv); "text" when the header has it
  --label-column NAME     default TAG (csv) / subtask_a (tsv); "label" when the header has it
  --spam-value V          the label value of the positive class; default 1 (csv) / OFF (tsv)
  --author-column NAME    a column that identifies the author, for author history
  --time-column NAME      replay rows in the order and at the times of this column (ISO 8601 or
                          epoch seconds), so duplicate windows, floods and author history see real
                          time; rows without a time are left out. Default: file order, a minute apart
  --learn-fraction F      teach the classifier the earliest F of the rows, score the rest
  --same-rows             with --learn-fraction: also score cold (nothing learned) on the same rows
  --folds K               K-fold cross-validation: each fold (by a hash of the text) is scored while
                          the other rows teach, learned state reset per fold; prints mean and spread
  --exclude-where COL=V   leave out rows whose COL is V (e.g. phrase_rule_match=1)
  --models DIR            the text models to use (default: the shipped models/)
  --score-trained-rows    also score rows a model was trained on (figures then flatter the models)
  --report FILE.md        write the confusion, per-signal table and the 30 worst errors with their texts
  --baseline obscenity    also score raw obscenity on the same rows
  --policy JSON           a site policy to evaluate with (default: the default policy)
  --dump FILE             write every scored row's signals and spam-model probability (JSON lines),
                          for eval/fit-spam-scoring.ts; with --folds, each row as its fold scored it

Rows whose text a model in --models was trained on are never scored unless --score-trained-rows.`;

/** The default columns, or text/label when the file has those and the defaults are not given. */
/** The first line of a file (its header), read without reading the whole file. */
function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0)).split('\n', 1)[0] ?? '';
  } finally {
    closeSync(fd);
  }
}

function fileOptions(values: Record<string, unknown>, inputs: string[]): LabeledFileOptions {
  const format =
    values.format === 'csv' || values.format === 'tsv'
      ? values.format
      : inputs[0]!.endsWith('.csv')
        ? 'csv'
        : 'tsv';
  const csv = format === 'csv';
  const header = !values['no-header'];
  const first = header ? firstLine(inputs[0]!) : '';
  const named = (name: string) => new RegExp(`(^|[,\\t])"?${name}"?($|[,\\t\\r])`).test(first);
  const textAndLabel = named('text') && named('label');
  return {
    format,
    header,
    textColumn: (values['text-column'] as string) ?? (textAndLabel ? 'text' : csv ? 'CONTENT' : 'tweet'),
    labelColumn: (values['label-column'] as string) ?? (textAndLabel ? 'label' : csv ? 'TAG' : 'subtask_a'),
    spamValue: (values['spam-value'] as string) ?? (csv || textAndLabel ? '1' : 'OFF'),
    authorColumn: values['author-column'] as string | undefined,
  };
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
      'time-column': { type: 'string' },
      'learn-fraction': { type: 'string', default: '0' },
      'same-rows': { type: 'boolean', default: false },
      folds: { type: 'string' },
      'exclude-where': { type: 'string' },
      models: { type: 'string' },
      'score-trained-rows': { type: 'boolean', default: false },
      report: { type: 'string' },
      baseline: { type: 'string' },
      policy: { type: 'string', default: '{}' },
      dump: { type: 'string' },
    },
  });
  const inputs = values.input ?? [];
  const learnFraction = Number(values['learn-fraction']);
  const folds = values.folds === undefined ? 0 : Number(values.folds);
  const exclude = values['exclude-where']?.match(/^([^=]+)=(.*)$/);
  if (
    inputs.length === 0 ||
    !(learnFraction >= 0 && learnFraction < 1) ||
    (values.folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) ||
    (folds > 0 && (learnFraction > 0 || values['same-rows'])) ||
    (values['exclude-where'] !== undefined && !exclude) ||
    (values.baseline && values.baseline !== 'obscenity')
  ) {
    console.error(usage);
    return 2;
  }
  const policy = policySchema.parse(JSON.parse(values.policy));
  const modelsDir = values.models ? resolve(values.models) : findModelsDir();
  const models = loadTextModels(modelsDir);
  const checks = createChecks({ models });
  const dump = values.dump ? createSignalDump(resolve(values.dump), models) : null;
  const prepared = await prepareRows({
    paths: inputs,
    file: fileOptions(values, inputs),
    timeColumn: values['time-column'],
    excludeWhere: exclude ? { column: exclude[1]!, value: exclude[2]! } : undefined,
    modelsDir,
  });
  const { rows } = prepared;
  const scoreTrained = values['score-trained-rows'];
  const trained = rows.filter((row) => row.trained).length;
  console.log(
    `${rows.length} rows in ${inputs.length} file(s)` +
      (values['time-column'] ? `, in time order (${prepared.undated} without a time left out)` : '') +
      (prepared.excluded ? `, ${prepared.excluded} left out by --exclude-where` : ''),
  );
  for (const { path, model } of prepared.inManifest) {
    console.log(`${path} is in the ${model} model's manifest: only its held-back rows are scored`);
  }
  if (trained > 0) {
    console.log(
      scoreTrained
        ? `${trained} rows were trained on by the models and ARE scored (--score-trained-rows): figures flatter the models`
        : `${trained} rows whose text the models were trained on are not scored`,
    );
  }
  const scorable = (row: ReplayRow) => scoreTrained || !row.trained;

  if (folds > 0) {
    const fold = (row: ReplayRow) => row.hash % folds;
    const summaries = [];
    for (let k = 0; k < folds; k++) {
      const plan: ReplayPlan = {
        learn: (row) => fold(row) !== k,
        score: (row) => scorable(row),
        ...(dump ? { scored: dump.scored } : {}),
      };
      const tally = await evaluate(rows, policy, checks, plan);
      summaries.push(summarize(tally));
      console.log(
        `fold ${k + 1}/${folds}: ${JSON.stringify({ n: tally.n, ...spread([summarize(tally)]).mean })}`,
      );
    }
    dump?.close();
    const { mean, sd } = spread(summaries);
    console.log('\n| figure | mean | spread (sd) |\n|---|---|---|');
    for (const key of Object.keys(mean)) console.log(`| ${key} | ${mean[key]} | ${sd[key]} |`);
    console.log(
      JSON.stringify({ folds, mean, sd, perFold: summaries.map(({ signals: _s, ...rest }) => rest) }),
    );
    return 0;
  }

  const learnCount = Math.floor(rows.length * learnFraction);
  console.log(`learning from the earliest ${learnCount}`);
  const plan: ReplayPlan = {
    learn: (_row, index) => index < learnCount,
    score: scorable,
    ...(dump ? { scored: dump.scored } : {}),
  };
  const tally = await evaluate(rows, policy, checks, plan);
  dump?.close();
  const baseline = values.baseline ? evaluateObscenity(rows, plan) : null;
  printTables(tally, baseline);
  let cold = null;
  if (values['same-rows'] && learnCount > 0) {
    const sameRows: ReplayPlan = {
      learn: () => false,
      score: (row, index) => index >= learnCount && scorable(row),
    };
    cold = summarize(await evaluate(rows, policy, checks, sameRows));
    console.log(`\ncold on the same ${cold.n} rows: ${JSON.stringify({ ...cold, signals: undefined })}`);
  }
  if (values.report) {
    const mode = learnCount > 0 ? `after learning the earliest ${learnCount} rows` : 'cold (nothing learned)';
    writeReport(values.report, tally, `Files: ${inputs.join(', ')}; ${mode}; policy ${values.policy}.`);
    console.log(`report written to ${values.report}`);
  }
  console.log(
    JSON.stringify({
      ...summarize(tally),
      ...(baseline ? { baseline: summarizeConfusion(baseline) } : {}),
      ...(cold ? { cold } : {}),
    }),
  );
  return 0;
}

runMain(main);
