import type { Figures } from './figures';
import type { TrainedModel } from './train-model';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const cells = (f: Figures | undefined) =>
  f
    ? [
        String(f.n),
        f.auc.toFixed(3),
        pct(f.recall),
        pct(f.falsePositiveRate),
        f.mcc.toFixed(3),
        pct(f.recallAt5),
        pct(f.recallAt1),
      ]
    : ['', '', '', '', '', '', ''];

/** A markdown table of a trained model's held-back and leave-one-source-out figures. */
export function figuresTable(trained: TrainedModel): string {
  const head =
    '| source | held back: n | AUC | recall @0.5 | FPR @0.5 | MCC | recall @5% FPR | recall @1% FPR | unseen source: n | AUC | recall @0.5 | FPR @0.5 | MCC | recall @5% FPR | recall @1% FPR |';
  const lines = [head, `|${'---|'.repeat(15)}`];
  for (const source of [...trained.sources.map((s) => s.path), 'all']) {
    const row = [source, ...cells(trained.heldBack[source]), ...cells(trained.leaveOneSourceOut[source])];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}
