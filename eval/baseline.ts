import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { LabeledRow } from '../src/labeled-file';
import { count, emptyConfusion, type Confusion } from './metrics';

/** Raw obscenity (English dataset, recommended transformers), flagging any match: the baseline to beat. */
export async function evaluateObscenity(rows: AsyncIterable<LabeledRow>, skip: number): Promise<Confusion> {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const confusion = emptyConfusion();
  let index = 0;
  for await (const row of rows) {
    if (index++ < skip) continue;
    count(confusion, matcher.hasMatch(row.text), row.label);
  }
  return confusion;
}
