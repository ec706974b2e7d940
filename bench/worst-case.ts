import { createChecks, MAX_CHECKED_CHARS } from '../src/moderation/checks';
import { analyzeComment } from '../src/moderation/text/analyze';
import { locateTokens, tokenize } from '../src/moderation/classifier';
import { defaultPolicy } from '../src/moderation/policy';
import { ADVERSARIAL } from './adversarial-comments';
import { loadTextModels } from '../src/model-files';

/**
 * The most any one adversarial comment may take through every check, in CPU ms. A worker runs
 * checks on its event loop, so such a comment must stay far below the job lock (WORKER_LOCK_MS):
 * this is where that is measured, not in unit tests, whose wall-clock time depends on what else
 * the machine runs.
 */
export const WORST_CASE_TARGET_MS = 100;

export interface WorstCaseFigures {
  /** Per input and part (the analysis, a check, or the tokenizer), the median CPU ms of `runs` runs. */
  parts: Array<{ input: string; part: string; ms: number }>;
  /** The slowest input through all checks and the tokenizer together. */
  worst: { input: string; ms: number };
}

/** CPU time of fn in ms (user + system): other processes on the machine hardly change it. */
function cpuMs(fn: () => unknown): number {
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Times every part of the worker's work on each adversarial comment, each part alone. As in
 * runChecks, the analysis (canonical text, language, links) is worked out once and every check reads
 * it, so it is one part of its own rather than counted again inside each check.
 */
export function benchWorstCase(runs = 5): WorstCaseFigures {
  const checks = createChecks({ models: loadTextModels() });
  const context = { policy: defaultPolicy, author: null, crowd: null, classifier: null };
  const parts: WorstCaseFigures['parts'] = [];
  let worst = { input: '', ms: 0 };
  for (const [input, raw] of Object.entries(ADVERSARIAL)) {
    const content = raw.slice(0, MAX_CHECKED_CHARS);
    const comment = { content, author: {}, receivedAt: new Date().toISOString() };
    const analysis = analyzeComment(comment);
    const timed: Array<[string, () => unknown]> = [
      // The links are found when first read: timed here, as every check below reads them found.
      ['analysis (canonical text, language, links)', () => analyzeComment(comment).links],
      ...checks.map((check): [string, () => unknown] => [
        check.name,
        () => check.run(comment, context, analysis),
      ]),
      ['tokenize + locateTokens', () => locateTokens(content, new Set(tokenize(content)))],
    ];
    let total = 0;
    for (const [part, fn] of timed) {
      fn(); // warm-up: compile the regular expressions, build the matchers' caches
      const ms = median(Array.from({ length: runs }, () => cpuMs(fn)));
      parts.push({ input, part, ms });
      total += ms;
    }
    if (total > worst.ms) worst = { input, ms: total };
  }
  return { parts, worst };
}

// Run alone (`node dist/bench/worst-case.js` after a build): prints every part, slowest first.
if (require.main === module) {
  const figures = benchWorstCase();
  for (const { input, part, ms } of [...figures.parts].sort((a, b) => b.ms - a.ms).slice(0, 12)) {
    console.log(`${ms.toFixed(2).padStart(8)} ms  ${part} on ${input}`);
  }
  const met = figures.worst.ms <= WORST_CASE_TARGET_MS;
  console.log(
    `worst comment: ${figures.worst.ms.toFixed(1)} ms CPU (${figures.worst.input}); target ≤ ${WORST_CASE_TARGET_MS} ms: ${met ? 'met' : 'NOT MET'}`,
  );
}
