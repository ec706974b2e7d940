/** The learned classifier: tokenizer, counts and scoring, the check, and an in-memory store. */
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
  type ScopedStats,
} from './model';
export {
  GLOBAL_SCOPE,
  accumulateChange,
  createMemoryClassifierStore,
  emptyDelta,
  scopesOf,
  type ChangeOutcome,
  type CountDelta,
  type Label,
  type LearnInput,
  type LearnOutcome,
  type MemoryClassifierStore,
  type StoredExample,
} from './learning';
