import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { extname } from 'node:path';
import { z } from 'zod';
import { printMessage, runMain } from './run-main';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { poolSettingsFor } from '../config/database-pools';
import { migrate } from '../db/migrate';
import { findSiteById } from '../db/sites-repository';
import { createPgLearner } from '../learning/pg-learning';
import { textExampleKey, tokenize, type LearnInput, type LearnSummary } from '../moderation/classifier';
import { LABEL_TAB_TEXT, YOUTUBE_CSV, readLabeledRows, type LabeledFileOptions } from '../labeled-file';

const usage = `usage: npm run train -- --input FILE --site SITE_ID [options]

Teaches the learned classifier a labeled CSV or TSV file, for the site and for all sites.
Each distinct text is one example (key text:<sha256>): training the same file again changes
nothing, and a text whose label changed moves its counts.

options:
  --format csv|tsv        default: from the file's extension (.tsv: tsv, otherwise csv)
  --no-header             the first row is data; columns are then 0-based numbers
  --text-column NAME      default: CONTENT (with a header), 1 (without)
  --label-column NAME     default: TAG (with a header), 0 (without)
  --spam-value V          the label meaning spam; default: 1 (with a header), spam (without)

Reads DATABASE_URL from the environment.`;

/** A mistake in the command line: printed without a stack, exit code 2. */
class UsageError extends Error {}

/** Examples per transaction: large enough to be fast, small enough to hold locks briefly. */
const BATCH = 500;

function fileOptions(values: Record<string, string | boolean | undefined>): LabeledFileOptions {
  const input = String(values.input);
  const header = values['no-header'] !== true;
  const defaults = header ? YOUTUBE_CSV : LABEL_TAB_TEXT;
  const format = values.format ?? (extname(input).toLowerCase() === '.tsv' ? 'tsv' : 'csv');
  if (format !== 'csv' && format !== 'tsv') throw new UsageError('--format must be csv or tsv');
  const column = (value: string | boolean | undefined, fallback: string | number) =>
    typeof value === 'string' ? (header ? value : Number(value)) : fallback;
  const options: LabeledFileOptions = {
    format,
    header,
    textColumn: column(values['text-column'], defaults.textColumn),
    labelColumn: column(values['label-column'], defaults.labelColumn),
    spamValue: typeof values['spam-value'] === 'string' ? values['spam-value'] : defaults.spamValue,
  };
  for (const key of ['textColumn', 'labelColumn'] as const) {
    const value = options[key];
    if (typeof value === 'number' && !(Number.isInteger(value) && value >= 0)) {
      throw new UsageError('without a header, --text-column and --label-column are 0-based numbers');
    }
  }
  return options;
}

/** Learns every row of a labeled file for a site (and globally) and prints what it did. */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string' },
      site: { type: 'string' },
      format: { type: 'string' },
      'no-header': { type: 'boolean' },
      'text-column': { type: 'string' },
      'label-column': { type: 'string' },
      'spam-value': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.input || !values.site) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (!z.uuid().safeParse(values.site).success) throw new UsageError('--site must be a site id (a uuid)');
  const siteId = values.site;
  const options = fileOptions(values);

  const config = loadConfig('train');
  const pool = createPool(config.DATABASE_URL, poolSettingsFor('train', config));
  try {
    await migrate(pool);
    if (!(await findSiteById(pool, siteId))) throw new UsageError(`no site ${siteId}`);
    const totals = await trainFile(pool, { path: values.input, siteId, options });
    console.log(JSON.stringify({ siteId, ...totals }, null, 2));
    return 0;
  } finally {
    await pool.end();
  }
}

/** What training a file did: its rows by label, and what learning them changed. */
export interface TrainTotals extends LearnSummary {
  rows: number;
  spam: number;
  ham: number;
  /** Rows whose text repeats another row's within a batch: one example, counted once. */
  duplicates: number;
}

/** Learns every row of a labeled file for a site and globally, keyed by its text, in batches. */
export async function trainFile(
  pool: Pool,
  input: { path: string; siteId: string; options: LabeledFileOptions },
): Promise<TrainTotals> {
  const totals: TrainTotals = {
    rows: 0,
    spam: 0,
    ham: 0,
    learned: 0,
    relabeled: 0,
    unchanged: 0,
    duplicates: 0,
  };
  const learner = createPgLearner(pool);
  let batch: LearnInput[] = [];
  const flush = async () => {
    const summary = await learner.learnMany(batch);
    totals.learned += summary.learned;
    totals.relabeled += summary.relabeled;
    totals.unchanged += summary.unchanged;
    batch = [];
  };
  for await (const row of readLabeledRows(input.path, input.options)) {
    totals.rows += 1;
    totals[row.label ? 'spam' : 'ham'] += 1;
    batch.push({
      siteId: input.siteId,
      key: textExampleKey(row.text),
      label: row.label ? 'spam' : 'ham',
      tokens: tokenize(row.text),
    });
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  totals.duplicates = totals.rows - totals.learned - totals.relabeled - totals.unchanged;
  return totals;
}

// Run as a command; imported (by tests), it only exports trainFile.
if (require.main === module) {
  runMain(
    () => main(process.argv.slice(2)),
    (error) => {
      printMessage(error);
      const parseError = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
      return error instanceof UsageError || parseError ? 2 : 1;
    },
  );
}
