import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { benchEndToEnd } from './end-to-end';
import { benchIntake } from './intake';
import { stopAllChildren } from './processes';
import { table, TARGETS, verdicts, type Figures } from './report';
import { cleanupScratch, RUN_TAG } from './scratch';
import { benchWorker } from './worker-throughput';
import { benchBatchIntake } from './batch-intake';
import { benchPreferWait } from './prefer-wait';
import { benchFairness } from './fairness';
import { benchWorstCase, WORST_CASE_TARGET_MS } from './worst-case';
import { benchTextModels, TEXT_MODELS_TARGET_PER_SECOND } from './text-models';
import { usedMemory } from './redis-memory';

/**
 * `npm run bench`: intake, end-to-end latency and worker throughput of the real processes, each
 * next to its bare building block measured in the same run. Progress goes to stderr; the table and
 * a final JSON line go to stdout. BENCH_* variables shorten or reshape a run; see `settings`.
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const settings = {
  durationS: env('BENCH_DURATION_S', 10),
  warmupS: env('BENCH_WARMUP_S', 2),
  connections: env('BENCH_CONNECTIONS', 50),
  contentChars: 150,
  e2eRate: env('BENCH_E2E_RATE', 200),
  e2eDurationS: env('BENCH_E2E_DURATION_S', 10),
  preferRate: env('BENCH_PREFER_RATE', 100),
  workerCount: env('BENCH_WORKER_COUNT', 5_000),
  workerContentChars: 200,
  // The service's own default, unless an experiment overrides it.
  fairnessFlood: env('BENCH_FAIRNESS_FLOOD', 10_000),
  workerConcurrency: env('BENCH_WORKER_CONCURRENCY', loadConfig('worker', {}).WORKER_CONCURRENCY),
};
/** Whatever happens, the run ends (and cleans up) by then. */
const HARD_LIMIT_MS = 6 * 60_000;

/** Which code was measured: the commit, and how many files of src/ and workers/ differ from it. */
function treeState(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: path.resolve(__dirname, '..', '..'), encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'src', 'workers').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} changed files in src/, workers/` : ''}`;
  } catch {
    return 'unknown';
  }
}

const log = (message: string) => process.stderr.write(`${message}\n`);

let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllChildren();
    const removed = await cleanupScratch();
    log(`cleanup: stopped children, dropped ${removed.schemas} schemas, deleted ${removed.keys} Redis keys`);
  })();
  return cleaning;
}
const exitAfterCleanup = (code: number) => {
  void cleanup()
    .catch((error: unknown) => log(`cleanup failed: ${String(error)}`))
    .finally(() => process.exit(code));
};
process.once('SIGINT', () => exitAfterCleanup(130));
process.once('SIGTERM', () => exitAfterCleanup(143));
setTimeout(() => {
  log(`bench exceeded ${HARD_LIMIT_MS / 1000} s; stopping`);
  exitAfterCleanup(1);
}, HARD_LIMIT_MS).unref();

async function main(): Promise<void> {
  const started = Date.now();
  // Other processes on these 2 cores skew every figure; the load average makes that visible.
  const loadBefore = loadavg()[0]!;
  const tree = treeState();
  const redisBefore = await usedMemory();
  log(`bench ${RUN_TAG} on ${tree}; load average ${loadBefore.toFixed(2)}`);
  log('1/6 intake (each server in its own process, autocannon here)');
  const intake = await benchIntake(settings);
  log(`2/6 end-to-end at ${settings.e2eRate}/s for ${settings.e2eDurationS} s (api + worker)`);
  const endToEnd = await benchEndToEnd(settings.e2eRate, settings.e2eDurationS);
  log(`3/6 worker throughput (${settings.workerCount} comments)`);
  const worker = await benchWorker(
    settings.workerCount,
    settings.workerContentChars,
    settings.workerConcurrency,
  );

  log('4/6 batch intake (batches of 500, api alone)');
  const batch = await benchBatchIntake(settings.durationS);
  log(`5/6 Prefer: wait verdicts at ${settings.preferRate}/s for ${settings.e2eDurationS} s (api + worker)`);
  const preferWait = await benchPreferWait(settings.preferRate, settings.e2eDurationS);
  log(`and fairness: one site posts ${settings.fairnessFlood} comments at once, another one (api + worker)`);
  const fairness = await benchFairness(settings.fairnessFlood);
  log('6/6 the checks on adversarial comments (CPU, in this process)');
  const worstCase = benchWorstCase();
  log('and the shipped text models on 300-character comments (CPU, in this process)');
  const textModels = benchTextModels();

  const figures: Figures = { intake, endToEnd, worker };
  // Before cleanup: what the run left in Redis (the intake phases' undrained jobs included).
  const redisMemory = { before: redisBefore, after: await usedMemory() };
  const runSeconds = Math.round((Date.now() - started) / 100) / 10;
  const load = { before: loadBefore, after: loadavg()[0]! };
  console.log(
    `\n${table(figures)}\n\nrun time ${runSeconds} s (without the build); 1-min load average ` +
      `${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after, on 2 cores; code ${tree}\n`,
  );
  const batchRatio = batch.commentsPerSecond / worker.addBulkJobsPerSecond;
  console.log(
    `| Batch intake (500 per POST), comments/s | ${Math.round(batch.commentsPerSecond)} | ` +
      `${Math.round(worker.addBulkJobsPerSecond)} (BullMQ addBulk alone) | ${batchRatio.toFixed(2)} | ratio ≥ 0.5 | ` +
      `${batchRatio >= 0.5 ? 'yes' : '**NO**'} |`,
  );
  console.log(
    `| Prefer: wait=5 at ${settings.preferRate}/s, p50 / p99 ms (verdicts in time) | ` +
      `${preferWait.verdict.p50.toFixed(1)} / ${preferWait.verdict.p99.toFixed(1)} (${preferWait.applied}/${preferWait.sent}) | | | p50 ≤ 15 ms | ` +
      `${preferWait.verdict.p50 <= 15 ? 'yes' : '**NO**'} |`,
  );
  console.log(
    `| Another site's comment behind a flood of ${fairness.flood}, ms to its verdict (flood decided before it) | ` +
      `${Math.round(fairness.delayMs)} (${fairness.floodDecidedBefore} of ${fairness.queuedAhead}) | | | ≤ 1000 ms | ` +
      `${fairness.delayMs <= 1000 ? 'yes' : '**NO**'} |`,
  );
  console.log(
    `| Worst adversarial comment through every check, CPU ms | ${worstCase.worst.ms.toFixed(1)} (${worstCase.worst.input}) | | | ≤ ${WORST_CASE_TARGET_MS} ms | ` +
      `${worstCase.worst.ms <= WORST_CASE_TARGET_MS ? 'yes' : '**NO**'} |`,
  );
  console.log(
    `| Text models (canonical text + features + spam and offensive), comments/s per core at ${textModels.chars} chars | ` +
      `${Math.round(textModels.modelsPerSecond)} (${Math.round(textModels.withLanguagePerSecond)} with language detection) | | | ` +
      `≥ ${TEXT_MODELS_TARGET_PER_SECOND} | ${textModels.modelsPerSecond >= TEXT_MODELS_TARGET_PER_SECOND ? 'yes' : '**NO**'} |`,
  );
  console.log(
    `| Redis used_memory before / after the run (whole server, before cleanup), MB | ` +
      `${(redisMemory.before / 2 ** 20).toFixed(1)} / ${(redisMemory.after / 2 ** 20).toFixed(1)} | | | | |\n`,
  );
  const met = verdicts(figures);
  console.log(
    JSON.stringify({
      run: RUN_TAG,
      tree,
      runSeconds,
      load,
      targets: TARGETS,
      met,
      ...figures,
      batch,
      preferWait,
      fairness,
      worstCase,
      textModels,
      redisMemory,
    }),
  );
}

main().then(
  () => exitAfterCleanup(0),
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    exitAfterCleanup(1);
  },
);
