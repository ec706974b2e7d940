import { createChecks, MAX_CHECKED_CHARS, runChecks } from '../src/moderation/checks';
import { locateTokens, tokenize } from '../src/moderation/classifier';
import { defaultPolicy } from '../src/moderation/policy';

/**
 * Adversarial comments at the length checks read (MAX_CHECKED_CHARS): long runs that a careless
 * regular expression rescans from every offset. A worker runs checks on its event loop, so one such
 * comment must stay far below the job lock (WORKER_LOCK_MS): this is where that is measured, not in
 * unit tests, whose wall-clock time depends on what else the machine runs.
 */
const ADVERSARIAL: Record<string, string> = {
  'letters, dots and spaced-out words': [
    'f u c k '.repeat(500),
    'a'.repeat(5000),
    's*'.repeat(2000),
    'x.'.repeat(2000),
  ].join(' '),
  'links and link look-alikes': [
    'a'.repeat(4000),
    '.'.repeat(4000),
    'www.'.repeat(500),
    'http://x.com/ '.repeat(200),
    'a.b'.repeat(1000),
    'x dot '.repeat(300),
  ].join(' '),
  'shouting, emoji, digits and pitches': [
    'a'.repeat(3000),
    '!'.repeat(2000),
    '😂'.repeat(1000),
    'www.x.com/ '.repeat(300),
    'buy buy buy '.repeat(200),
    '1 2 3 4 5 6 7 8 9 0 '.repeat(100),
    'free free free money '.repeat(100),
    'check out my '.repeat(200),
  ].join(' '),
  'dotted labels': 'a.'.repeat(10_000),
  'hyphenated labels': `${'a-'.repeat(9_000)}.com`,
  'HTML entities': '&amp;'.repeat(4_000),
  'full-width letters': 'ｗ'.repeat(20_000),
};

/** The most any one comment of the list may take through every check, in CPU ms. */
export const WORST_CASE_TARGET_MS = 100;

export interface WorstCaseFigures {
  /** Per input and part (a check, or the tokenizer), the median CPU ms of `runs` runs. */
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

/** Times every check and the tokenizer on each adversarial comment, each part alone. */
export function benchWorstCase(runs = 5): WorstCaseFigures {
  const checks = createChecks();
  const context = { policy: defaultPolicy, author: null, crowd: null, classifier: null };
  const parts: WorstCaseFigures['parts'] = [];
  let worst = { input: '', ms: 0 };
  for (const [input, raw] of Object.entries(ADVERSARIAL)) {
    const content = raw.slice(0, MAX_CHECKED_CHARS);
    const comment = { content, author: {}, receivedAt: new Date().toISOString() };
    const timed: Array<[string, () => unknown]> = [
      ...checks.map((check): [string, () => unknown] => [
        check.name,
        () => runChecks([check], comment, context),
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
