import { loadTextModels } from '../src/model-files';
import { createTextScorer } from '../src/moderation/models/text-model';
import { canonicalize } from '../src/moderation/text/canonical';
import { detectLanguage } from '../src/moderation/text/language';
import { commentText } from '../src/loadtest/comments';

/** Comments per second per core the shipped text models must score (issue 10). */
export const TEXT_MODELS_TARGET_PER_SECOND = 5_000;

export interface TextModelFigures {
  chars: number;
  /** Canonical text, features and both models' probabilities, per core (CPU time). */
  modelsPerSecond: number;
  /** The same plus language detection: all the analysis a comment gets before the checks. */
  withLanguagePerSecond: number;
}

/** CPU seconds of fn: other processes on the machine hardly change it. */
function cpuSeconds(fn: () => void): number {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

/** Scores `count` generated comments of `chars` characters with both models, in this process. */
export function benchTextModels(count = 5_000, chars = 300): TextModelFigures {
  const scorer = createTextScorer(loadTextModels());
  const texts = Array.from({ length: count }, (_, i) => commentText(i, chars));
  const score = (text: string) => {
    const canonical = canonicalize(text);
    scorer.score('spam', text, canonical);
    scorer.score('offensive', text, canonical);
    return canonical;
  };
  // Warm-up: compile, and let V8 optimise the hot loops.
  for (const text of texts.slice(0, 500)) detectLanguage(score(text).text);
  const models = cpuSeconds(() => texts.forEach(score));
  const withLanguage = cpuSeconds(() => texts.forEach((text) => detectLanguage(score(text).text)));
  return { chars, modelsPerSecond: count / models, withLanguagePerSecond: count / withLanguage };
}

// Run alone (`node dist/bench/text-models.js` after a build).
if (require.main === module) {
  const figures = benchTextModels();
  const met = figures.modelsPerSecond >= TEXT_MODELS_TARGET_PER_SECOND;
  console.log(
    `text models at ${figures.chars} characters: ${Math.round(figures.modelsPerSecond)} comments/s per core ` +
      `(target ≥ ${TEXT_MODELS_TARGET_PER_SECOND}: ${met ? 'met' : 'NOT MET'}); with language detection ` +
      `${Math.round(figures.withLanguagePerSecond)}/s`,
  );
}
