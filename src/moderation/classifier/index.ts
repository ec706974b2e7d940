/** The learned classifier: tokenizer, counts and scoring, the check, and learning (on a store's rows). */
export { bayesScore, classifierCheck } from './classifier-check';
export { MAX_TOKENS, locateTokens, normalizeText, textExampleKey, tokenize } from './tokenizer';
export {
  MIN_EXAMPLES_PER_LABEL,
  classify,
  fisherCombine,
  hasEnoughExamples,
  robinson,
  type Classification,
  type Clue,
} from './model';
export type { ScopedStats } from '../check-context';
export {
  GLOBAL_SCOPE,
  accumulateChange,
  emptyDelta,
  scopedStats,
  scopesOf,
  type ChangeOutcome,
  type CountDelta,
  type Label,
  type LearnInput,
  type LearnOutcome,
  type StoredExample,
} from './learning';
export {
  createLearner,
  type ExampleRef,
  type ExampleRow,
  type ExampleRows,
  type InTransaction,
  type LearnSummary,
  type Learner,
} from './learner';
