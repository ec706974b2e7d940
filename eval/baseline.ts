import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { ReplayPlan } from './evaluate';
import { count, emptyConfusion, type Confusion } from './metrics';
import type { ReplayRow } from './rows';

/** Raw obscenity (English dataset, recommended transformers), flagging any match: the baseline to beat, on the same rows. */
export function evaluateObscenity(rows: readonly ReplayRow[], plan: ReplayPlan): Confusion {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const confusion = emptyConfusion();
  rows.forEach((row, index) => {
    if (!plan.learn(row, index) && plan.score(row, index))
      count(confusion, matcher.hasMatch(row.text), row.label);
  });
  return confusion;
}
