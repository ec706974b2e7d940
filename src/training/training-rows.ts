import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { readLabeledRows } from '../labeled-file';
import type { Features } from '../moderation/models/features';
import { keyHash, partOf, textKey, type Part } from './split';
import type { TrainingSource } from './sources';

/** A labeled text ready to learn from or to score. */
export interface TrainingRow {
  source: string;
  text: string;
  label: 0 | 1;
  /** The hash of the text's key: it decides the part and identifies the text in the manifest. */
  hash: number;
  part: Part;
  /** False for rows scored but never learned from (a hate set's abusive negatives). */
  learn: boolean;
  features: Features;
}

/** What reading one source found, for the manifest. */
export interface SourceSummary {
  path: string;
  sha256: string;
  licence: string;
  what: string;
  rows: number;
  positives: number;
  /** Rows left out by the source's `skip` rule. */
  skipped: number;
  /** Rows whose key an earlier row (of this or another source) already had: learned once. */
  duplicates: number;
  /** Of the duplicates, those whose label disagreed with the first. */
  conflicts: number;
  /** Negatives that swear or insult in a set that labels hate only: scored, not learned from. */
  notLearned?: number;
  parts: Record<Part, number>;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Reads a model's sources in order. A text whose key was seen already is learned once, with the
 * first label seen (the count of disagreements goes to the manifest).
 */
export async function readTrainingRows(
  dataDir: string,
  sources: readonly TrainingSource[],
  featurize: (text: string) => { features: Features; abusive: boolean },
): Promise<{ rows: TrainingRow[]; summaries: SourceSummary[] }> {
  const rows: TrainingRow[] = [];
  const summaries: SourceSummary[] = [];
  const seen = new Map<number, 0 | 1>();
  for (const source of sources) {
    const path = join(dataDir, source.path);
    const summary: SourceSummary = {
      path: source.path,
      sha256: await sha256Of(path),
      licence: source.licence,
      what: source.what,
      rows: 0,
      positives: 0,
      skipped: 0,
      duplicates: 0,
      conflicts: 0,
      parts: { train: 0, calibrate: 0, test: 0 },
    };
    for await (const row of readLabeledRows(path, source.options)) {
      summary.rows++;
      if (source.skip && row.extra?.[source.skip.column]?.trim() === source.skip.value) {
        summary.skipped++;
        continue;
      }
      const label = row.label ? 1 : 0;
      if (label) summary.positives++;
      const hash = keyHash(textKey(row.text));
      const earlier = seen.get(hash);
      if (earlier !== undefined) {
        summary.duplicates++;
        if (earlier !== label) summary.conflicts++;
        continue;
      }
      seen.set(hash, label);
      const part = partOf(hash);
      summary.parts[part]++;
      const { features, abusive } = featurize(row.text);
      const learn = !(source.abusiveNegatives === 'not-learned' && label === 0 && abusive);
      if (!learn) summary.notLearned = (summary.notLearned ?? 0) + 1;
      rows.push({ source: source.path, text: row.text, label, hash, part, learn, features });
    }
    summaries.push(summary);
  }
  return { rows, summaries };
}
