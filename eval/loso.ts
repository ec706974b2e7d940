import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findModelsDir } from '../src/model-files';
import { runMain } from '../src/cli/run-main';
import type { LabeledFileOptions } from '../src/labeled-file';
import { MODEL_NAMES, TRAINING_SOURCES, type ModelName, type TrainingSource } from '../src/training/sources';

const usage = `usage: npm run eval:loso -- [options] [-- eval options]

Leave one source out: for each labeled file the shipped models learn from, trains that file's model
on every other file (the other model as shipped), then runs \`npm run eval\` on all of the file's
rows with those models, and prints one table. These are the figures of a site whose comments the
models never saw.

  --data DIR      the labeled data (default: ../shared/datasets)
  --only NAME     only the files of this model (spam or offensive)
  --file PATH     only this file (relative to --data; repeatable)
  --keep DIR      keep the models trained without each file under DIR (default: removed)
  --models-from DIR  use the models a former --keep left there instead of training again
  --dump DIR      write each file's scored rows (eval's --dump) to DIR/<file>.jsonl
  after --         passed to every eval run, e.g. -- --learn-fraction 0.3 --same-rows, or -- --folds 5`;

/** How each file is replayed: its dates and authors where it has them, its phrase-list rows left out. */
const REPLAY: Record<string, string[]> = {
  'spam/datacamp-blog-comments.csv': ['--author-column', 'author', '--time-column', 'date'],
  'spam/instagram-scam-comments.csv': ['--exclude-where', 'phrase_rule_match=1'],
  'offensive/impermium-insults.csv': ['--time-column', 'date'],
  'offensive/stormfront-hate.csv': ['--author-column', 'author'],
  'offensive/foxnews-comments-hate.csv': ['--author-column', 'author'],
};

function fileArgs(options: LabeledFileOptions): string[] {
  return [
    '--format',
    options.format,
    ...(options.header ? [] : ['--no-header']),
    '--text-column',
    String(options.textColumn),
    '--label-column',
    String(options.labelColumn),
    '--spam-value',
    options.spamValue,
  ];
}

const node = (script: string, args: string[]) =>
  execFileSync(process.execPath, [join(__dirname, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });

interface Figures {
  n: number;
  recall: number;
  precision: number;
  mcc: number;
  spamAutoRejected: number;
  hamRejected: number;
  reviewShare: number;
  falsePositiveRate: number;
  cold?: Figures;
  mean?: Record<string, number>;
  sd?: Record<string, number>;
}

const pct = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

function row(path: string, figures: Figures): string {
  // --folds prints the mean over folds (and the spread of the main figures) instead.
  const f = (figures.mean ?? figures) as Record<string, number>;
  const sd = figures.sd;
  const withSd = (key: string) => (sd ? `${pct(f[key])} ± ${pct(sd[key])}` : pct(f[key]));
  const mcc = sd ? `${f.mcc!.toFixed(3)} ± ${sd.mcc!.toFixed(3)}` : f.mcc!.toFixed(3);
  const cells = [
    path,
    figures.mean ? '' : String(f.n),
    withSd('recall'),
    pct(f.falsePositiveRate),
    pct(f.precision),
    mcc,
    pct(f.spamAutoRejected),
    pct(f.hamRejected),
    pct(f.reviewShare),
  ];
  const lines = [`| ${cells.join(' | ')} |`];
  if (figures.cold) lines.push(row(`… same rows, cold`, figures.cold).split('\n')[0]!);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const passed = split === -1 ? [] : argv.slice(split + 1);
  const { values } = parseArgs({
    args: own,
    options: {
      data: { type: 'string', default: '../shared/datasets' },
      only: { type: 'string' },
      file: { type: 'string', multiple: true, default: [] },
      keep: { type: 'string' },
      'models-from': { type: 'string' },
      dump: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const only = values.only as ModelName | undefined;
  if (values.help || (only && !MODEL_NAMES.includes(only))) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const data = resolve(values.data);
  const chosen = TRAINING_SOURCES.filter(
    (source: TrainingSource) =>
      (!only || source.model === only) && (values.file.length === 0 || values.file.includes(source.path)),
  );
  const reuse = values['models-from'] ? resolve(values['models-from']) : null;
  const root = reuse ?? (values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'loso-')));
  if (values.dump) mkdirSync(resolve(values.dump), { recursive: true });
  const lines = [
    '| file (models trained without it) | n scored | caught (recall) | negatives flagged (FPR) | precision | MCC | auto-rejected | negatives rejected | review share |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const results: Record<string, Figures> = {};
  try {
    for (const source of chosen) {
      const name = source.path.replace(/[^a-z0-9]+/gi, '_');
      const dir = join(root, name);
      if (!reuse) {
        // Start from the shipped models, so the model not retrained is the shipped one.
        cpSync(findModelsDir(), dir, { recursive: true });
        console.error(`training the ${source.model} model without ${source.path}`);
        node('../src/cli/train-models.js', [
          '--data',
          data,
          '--out',
          dir,
          '--only',
          source.model,
          '--exclude',
          source.path,
          '--no-loso',
        ]);
      }
      console.error(`scoring ${source.path}`);
      const output = node('run-eval.js', [
        '--input',
        join(data, source.path),
        ...fileArgs(source.options),
        ...(REPLAY[source.path] ?? []),
        '--models',
        dir,
        ...(values.dump ? ['--dump', join(resolve(values.dump), `${name}.jsonl`)] : []),
        ...passed,
      ]);
      const last = output.trim().split('\n').pop()!;
      const figures = JSON.parse(last) as Figures;
      results[source.path] = figures;
      lines.push(row(source.path, figures));
    }
  } finally {
    if (!values.keep && !reuse) rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n${lines.join('\n')}\n`);
  console.log(JSON.stringify({ leaveOneSourceOut: results }));
  return 0;
}

runMain(() => main(process.argv.slice(2)));
