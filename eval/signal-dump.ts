import { closeSync, openSync, writeSync } from 'node:fs';
import { MAX_CHECKED_CHARS } from '../src/moderation/checks';
import type { TextModel } from '../src/moderation/models/text-model';
import { createTextScorer } from '../src/moderation/models/text-model';
import { analyzeComment } from '../src/moderation/text/analyze';
import { isOtherThanEnglish } from '../src/moderation/text/language';
import type { Verdict } from '../src/moderation/types';
import type { ReplayRow } from './rows';

/**
 * One scored row as `npm run eval -- --dump FILE` writes it (a JSON line): what the policy summed,
 * and the spam model's probability before its scoring capped it, so eval/fit-spam-scoring.ts can
 * re-score the row under another scoring without running the checks again.
 */
export interface DumpedRow {
  label: boolean;
  /** The author was trusted: the policy reviews what it would reject. */
  trusted: boolean;
  action: Verdict['action'];
  score: number;
  /** The spam model's calibrated probability; null when it stood aside (another language, no model). */
  spam: number | null;
  /** [check, code, score, force?] of every signal. */
  signals: Array<[string, string, number, ('review' | 'reject')?]>;
}

/** Writes the scored rows of one run to `path`, one JSON line each. */
export function createSignalDump(path: string, models: readonly TextModel[]) {
  const scorer = createTextScorer(models);
  const fd = openSync(path, 'w');
  return {
    scored(row: ReplayRow, verdict: Verdict, trusted: boolean): void {
      const content = row.text.slice(0, MAX_CHECKED_CHARS);
      const analysis = analyzeComment({ content });
      const spam = isOtherThanEnglish(analysis.language)
        ? null
        : (scorer.score('spam', content, analysis.canonical)?.probability ?? null);
      const line: DumpedRow = {
        label: row.label,
        trusted,
        action: verdict.action,
        score: verdict.score,
        spam,
        signals: verdict.signals.map((s) =>
          s.force ? [s.check, s.code, s.score, s.force] : [s.check, s.code, s.score],
        ),
      };
      writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close: () => closeSync(fd),
  };
}
