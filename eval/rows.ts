import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readLabeledRows, type LabeledFileOptions, type LabeledRow } from '../src/labeled-file';
import { readManifest, readTrainedTexts } from '../src/model-files';
import { keyHash, textKey } from '../src/training/split';

/** A labeled row ready to replay: its time on the evaluation's clock and the hash of its text's key. */
export interface ReplayRow extends LabeledRow {
  /** Milliseconds since the epoch. */
  at: number;
  /** The split hash of the text's key (src/training/split.ts): decides folds, finds trained texts. */
  hash: number;
  /** A shipped model learned from (or was calibrated on) this text: never scored unless asked. */
  trained: boolean;
}

/** The rows of the input files in replay order, and what was left out on the way. */
export interface PreparedRows {
  rows: ReplayRow[];
  /** With a time column: rows without a readable time, which cannot be placed on the clock. */
  undated: number;
  /** Rows an `--exclude-where` rule left out. */
  excluded: number;
  /** Per input file that a model's manifest lists: the model's name. */
  inManifest: Array<{ path: string; model: string }>;
}

export interface RowOptions {
  paths: string[];
  file: LabeledFileOptions;
  /** A column holding each row's time (ISO 8601, or epoch seconds): rows replay in its order. */
  timeColumn?: string;
  /** Rows whose cell in `column` equals `value` are left out entirely. */
  excludeWhere?: { column: string; value: string };
  /** The models folder whose trained texts are marked. */
  modelsDir: string;
}

/** Without a time column, rows follow file order a minute apart, from this date. */
const START = Date.UTC(2026, 0, 1);
const ROW_INTERVAL_MS = 60_000;

/** An ISO 8601 date or epoch seconds (milliseconds when large) as epoch milliseconds; null when neither. */
export function parseTime(cell: string | undefined): number | null {
  const value = cell?.trim();
  if (!value) return null;
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    const number = Number(value);
    return number < 1e11 ? number * 1000 : number;
  }
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : millis;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The trained-text hashes of every model in the folder, and the sha256 of every file each was trained on. */
function readModels(dir: string) {
  const manifest = readManifest(dir);
  const trained = new Set<number>();
  const files = new Map<string, string>();
  for (const [name, entry] of Object.entries(manifest.models)) {
    for (const hash of readTrainedTexts(dir, entry)) trained.add(hash);
    for (const source of (entry.sources ?? []) as Array<{ sha256: string }>) files.set(source.sha256, name);
  }
  return { trained, files };
}

/**
 * Reads the input files into replay order: by the time column when given (the earliest first,
 * stable for equal times), otherwise in file order a minute apart. Marks every row whose text a
 * shipped model was trained on, whatever file it comes from, so scores are never of trained rows.
 */
export async function prepareRows(options: RowOptions): Promise<PreparedRows> {
  const models = readModels(options.modelsDir);
  const extraColumns = [options.timeColumn, options.excludeWhere?.column].filter(
    (column): column is string => column !== undefined,
  );
  const file = { ...options.file, extraColumns };
  const prepared: PreparedRows = { rows: [], undated: 0, excluded: 0, inManifest: [] };
  for (const path of options.paths) {
    const model = models.files.get(await sha256Of(path));
    if (model) prepared.inManifest.push({ path, model });
    for await (const row of readLabeledRows(path, file)) {
      const exclude = options.excludeWhere;
      if (exclude && row.extra?.[exclude.column]?.trim() === exclude.value) {
        prepared.excluded++;
        continue;
      }
      const at = options.timeColumn
        ? parseTime(row.extra?.[options.timeColumn])
        : START + prepared.rows.length * ROW_INTERVAL_MS;
      if (at === null) {
        prepared.undated++;
        continue;
      }
      const hash = keyHash(textKey(row.text));
      prepared.rows.push({ ...row, at, hash, trained: models.trained.has(hash) });
    }
  }
  // Array#sort is stable: rows with the same time keep their file order.
  if (options.timeColumn) prepared.rows.sort((a, b) => a.at - b.at);
  return prepared;
}
