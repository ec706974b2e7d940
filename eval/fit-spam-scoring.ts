import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runMain } from '../src/cli/run-main';
import {
  CHECK_WEIGHTS,
  SPAM_SCORING,
  scoreProbability,
  type ModelScoring,
} from '../src/moderation/checks/model-scoring';
import { LINK_SCORES } from '../src/moderation/checks/links';
import { decide, defaultPolicy } from '../src/moderation/policy';
import type { Signal } from '../src/moderation/types';
import type { ModelsManifest } from '../src/moderation/models/model-format';
import type { DumpedRow } from './signal-dump';
import { count, emptyConfusion, scores } from './metrics';

const usage = `usage: node dist/eval/fit-spam-scoring.js --dump DIR [--dump DIR ...] [--guard DIR]
       [--max-ham-rejected F] [--write-manifest DIR] [--try JSON ...]

Fits how the spam model's probability becomes a score (src/moderation/checks/model-scoring.ts), and
a weight for the links, spam rules, duplicates and classifier checks beside it, on out-of-fold
rows: each DIR holds one file of scored rows per labeled file, written by
\`npm run eval:loso -- --only spam --dump DIR\` (each file scored by models trained without it;
add \`-- --folds 5\` for rows scored after the classifier learned the other folds).

Coordinate ascent from round 2's values: each candidate is replayed through the default policy on
every file; among those that reject at most --max-ham-rejected (default 0.005) of every file's ham,
reject no more of the clean rows of each --guard file than round 2 did (dumps of texts that are not
spam, e.g. the offensive sets), and leave a comment the model puts at 0.6 with one link approved,
it keeps the one with the best mean over files of MCC (held or rejected against the label) plus
the share of spam rejected. Prints the figures per file before and after, and with the values
fitted without the file (nested: the honest view of a file the fit never saw).

--write-manifest  records the fit as models.spam.scoring in DIR/manifest.json (the code's copy,
                  src/moderation/checks/model-scoring.ts, is held to it by a unit test)
--try JSON        prints the figures of given values (e.g. '{"slope":4}') instead of fitting`;

/** A file's scored rows, with the signals the spam model did not give. */
interface FileRows {
  name: string;
  rows: Array<{ label: boolean; trusted: boolean; spam: number | null; others: Signal[] }>;
}

/** What is fitted: the spam model's scoring and a weight per rule check (1: as the check scores). */
export interface Combination {
  scoring: ModelScoring;
  weights: Record<WeightedCheck, number>;
}
type WeightedCheck = keyof typeof CHECK_WEIGHTS;

/** What one combination does on one file. */
interface Outcome {
  n: number;
  caught: number;
  mcc: number;
  spamAutoRejected: number;
  hamRejected: number;
  reviewShare: number;
}

/**
 * The values each coordinate may take; the fit moves one coordinate at a time while that helps.
 * The rule weights stop where a single weak signal would hold a comment by itself (one link and a
 * shortener: 2.5 points; a text another author sent too: 2), which the default policy promises not to do.
 */
const CHOICES: Record<keyof ModelScoring | WeightedCheck, number[]> = {
  slope: [1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, 10],
  center: [-1.5, -1, -0.5, 0, 0.25, 0.5, 0.75, 1, 1.5],
  max: [4, 5, 6, 7, 8, 9, 10, 12],
  hamSlope: [0, 0.3, 0.6, 1, 1.5, 2],
  min: [-0.5, -1, -2, -3],
  links: [0.5, 0.75, 1, 1.1],
  spam_rules: [0.5, 0.75, 1, 1.25, 1.5, 2],
  duplicates: [0.5, 0.75, 1, 1.25],
  classifier: [0.25, 0.5, 0.75, 1],
};

const baseName = (file: FileRows) => file.name.slice(file.name.indexOf('/') + 1);

function readDumps(dir: string): FileRows[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => ({
      name: `${basename(dir)}/${basename(name, '.jsonl')}`,
      rows: readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as DumpedRow)
        .map((row) => ({
          label: row.label,
          trusted: row.trusted,
          spam: row.spam,
          others: row.signals
            .filter(([check]) => check !== 'spam_model')
            .map(([check, code, score, force]) => ({
              check,
              code,
              score,
              message: '',
              ...(force ? { force } : {}),
            })),
        })),
    }));
}

function outcome(file: FileRows, { scoring, weights }: Combination): Outcome {
  const confusion = emptyConfusion();
  let spamRejected = 0;
  let hamRejected = 0;
  let reviewed = 0;
  for (const row of file.rows) {
    const signals = row.others.map((signal) =>
      signal.check in weights
        ? { ...signal, score: signal.score * weights[signal.check as WeightedCheck] }
        : signal,
    );
    if (row.spam !== null) {
      const score = scoreProbability(scoring, row.spam);
      if (score !== 0) signals.push({ check: 'spam_model', code: 'spam', score, message: '' });
    }
    const { action } = decide(signals, defaultPolicy, { trustedAuthor: row.trusted });
    count(confusion, action !== 'approve', row.label);
    if (action === 'reject') {
      if (row.label) spamRejected++;
      else hamRejected++;
    }
    if (action === 'review') reviewed++;
  }
  const { tp, fp, tn, fn } = confusion;
  const { recall, mcc } = scores(confusion);
  return {
    n: file.rows.length,
    caught: recall,
    mcc,
    spamAutoRejected: spamRejected / Math.max(tp + fn, 1),
    hamRejected: hamRejected / Math.max(fp + tn, 1),
    reviewShare: reviewed / Math.max(file.rows.length, 1),
  };
}

const FITTED_BY =
  'npm run eval:loso -- --only spam --dump DIR (cold, each file scored by models trained without it); ' +
  'npm run eval -- --input offensive/F --dump GUARD/F.jsonl for hasoc2019-en-train, olid-training-clean, ' +
  'impermium-insults (--time-column date), youtoxic-english-1000 and ethos-binary (shipped models, held-back rows); ' +
  'then node dist/eval/fit-spam-scoring.js --dump DIR --guard GUARD: coordinate ascent from round 2, objective mean over files ' +
  'of MCC + spam auto-rejected, every file rejecting at most maxHamRejected of its ham, each guard file at most its ' +
  'maxCleanRejected of its clean rows, and P=0.6 with one link under the review threshold';

/** Where the fit starts, and the "before" of its table: round 2's hand-set scoring, rules as they score. */
const START: Combination = {
  scoring: { slope: 2.5, center: 0, max: 6, hamSlope: 0.3, min: -1 },
  weights: { links: 1, spam_rules: 1, duplicates: 1, classifier: 1 },
};
/** What the code ships now (spam-scoring.ts), the base of --try. */
const SHIPPED: Combination = { scoring: { ...SPAM_SCORING }, weights: { ...CHECK_WEIGHTS } };

/**
 * The default policy's promise that one weak signal does not hold a comment (sensitivity.ts): a
 * model that leans 60:40 to spam plus one link must stay under the review threshold, or a helpful
 * comment with a link is held on a model's hunch.
 */
const keepsPromise = ({ scoring, weights }: Combination) =>
  scoreProbability(scoring, 0.6) + LINK_SCORES.link * weights.links < defaultPolicy.reviewThreshold;

/**
 * The mean over `files` of MCC plus spam auto-rejected; -Infinity when a file rejects too much ham
 * or the combination breaks the promise above.
 */
function objective(files: FileRows[], combination: Combination, maxHam: number, guard: Guard): number {
  if (!keepsPromise(combination)) return -Infinity;
  for (const { file, most } of guard) if (outcome(file, combination).hamRejected > most) return -Infinity;
  let sum = 0;
  for (const file of files) {
    const o = outcome(file, combination);
    if (o.hamRejected > maxHam) return -Infinity;
    sum += o.mcc + o.spamAutoRejected;
  }
  return sum / files.length;
}

const withValue = (c: Combination, key: keyof typeof CHOICES, value: number): Combination =>
  key in c.scoring
    ? { ...c, scoring: { ...c.scoring, [key]: value } }
    : { ...c, weights: { ...c.weights, [key]: value } };

/**
 * A move must gain this much of the objective: less is a row or two of one file (one Instagram row
 * moves it by 0.0001), noise that should not move a weight away from the round number it has.
 */
const MIN_GAIN = 0.002;

/**
 * Files of texts that are not spam (the offensive sets' held-back rows, scored by the shipped
 * models): their clean rows may not be rejected more than round 2 rejects them, or than maxHam.
 * They keep the fit from buying spam figures with tweets and comments it never saw.
 */
type Guard = Array<{ file: FileRows; most: number }>;

/** Coordinate ascent from round 2's combination, on `files` only. */
function fit(files: FileRows[], maxHam: number, guard: Guard): { combination: Combination; value: number } {
  let combination = START;
  let value = objective(files, combination, maxHam, guard);
  for (let round = 0; round < 5; round++) {
    let moved = false;
    for (const key of Object.keys(CHOICES) as Array<keyof typeof CHOICES>) {
      for (const choice of CHOICES[key]) {
        const candidate = withValue(combination, key, choice);
        const candidateValue = objective(files, candidate, maxHam, guard);
        if (candidateValue > value + MIN_GAIN) {
          combination = candidate;
          value = candidateValue;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return { combination, value };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const cells = (o: Outcome) =>
  [pct(o.caught), o.mcc.toFixed(3), pct(o.spamAutoRejected), pct(o.hamRejected), pct(o.reviewShare)].join(
    ' | ',
  );

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dump: { type: 'string', multiple: true, default: [] },
      'max-ham-rejected': { type: 'string', default: '0.005' },
      try: { type: 'string', multiple: true, default: [] },
      'write-manifest': { type: 'string' },
      guard: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || values.dump.length === 0) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const maxHam = Number(values['max-ham-rejected']);
  const files = values.dump.flatMap((dir) => readDumps(resolve(dir)));
  if (values.try.length > 0) {
    // A few scorings by hand (JSON, over the shipped one): their figures per file, no fitting.
    for (const json of values.try) {
      const asked = JSON.parse(json) as Partial<ModelScoring & Combination['weights']>;
      const combination = Object.entries(asked).reduce(
        (c, [key, value]) => withValue(c, key as keyof typeof CHOICES, value),
        SHIPPED,
      );
      console.log(`\n${JSON.stringify(combination)}`);
      for (const file of files) console.log(`| ${file.name} | ${cells(outcome(file, combination))} |`);
    }
    return 0;
  }
  const guard: Guard = (values.guard ? readDumps(resolve(values.guard)) : []).map((file) => ({
    file,
    most: Math.max(maxHam, outcome(file, START).hamRejected),
  }));
  const fitted = fit(files, maxHam, guard);
  console.log(
    '| file | n | caught | MCC | spam auto-rejected | ham rejected | review share |\n|---|---|---|---|---|---|---|',
  );
  for (const file of files) {
    // Without the file in any of its runs (cold, learned): the fit never saw its rows.
    const nested = fit(
      files.filter((other) => baseName(other) !== baseName(file)),
      maxHam,
      guard,
    );
    console.log(`| ${file.name} before | ${file.rows.length} | ${cells(outcome(file, START))} |`);
    console.log(`| … fitted on all files | | ${cells(outcome(file, fitted.combination))} |`);
    console.log(
      `| … fitted without this file ${JSON.stringify(nested.combination)} | | ${cells(outcome(file, nested.combination))} |`,
    );
  }
  for (const { file } of guard) {
    console.log(`| guard ${file.name} before | ${file.rows.length} | ${cells(outcome(file, START))} |`);
    console.log(`| … fitted | | ${cells(outcome(file, fitted.combination))} |`);
  }
  const record = {
    ...fitted.combination,
    objective: Math.round(fitted.value * 10_000) / 10_000,
    maxHamRejected: maxHam,
    outOfFold: Object.fromEntries(files.map((file) => [file.name, { rows: file.rows.length }])),
    guard: Object.fromEntries(
      guard.map(({ file, most }) => [file.name, { rows: file.rows.length, maxCleanRejected: most }]),
    ),
    fittedBy: FITTED_BY,
  };
  if (values['write-manifest']) {
    const path = join(resolve(values['write-manifest']), 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as ModelsManifest;
    if (!manifest.models.spam) throw new Error(`${path} has no spam model`);
    manifest.models.spam.scoring = record;
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`the fitted scoring is in ${path} (models.spam.scoring)`);
  }
  console.log(JSON.stringify(record));
  return 0;
}

runMain(main);
