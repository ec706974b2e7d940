import type { EndToEndFigures } from './end-to-end';
import type { IntakeFigures } from './intake';
import type { CpuCost } from './cpu';
import type { LoadResult } from './load';
import type { WorkerFigures } from './worker-throughput';

/** The targets of DESIGN.md "Performance", checked against each run. */
export const TARGETS = {
  intakeRatio: 0.7,
  endToEndP99Ms: 100,
  workerPerSecond: 1000,
} as const;

const n = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const latency = (r: { p50Ms: number; p99Ms: number }) => `${n(r.p50Ms, 1)} / ${n(r.p99Ms, 1)}`;
const failures = (r: LoadResult) => (r.failed > 0 ? ` (${r.failed} failed)` : '');
/** "node + postgres + redis" CPU in ms; the Redis share is the whole server's. */
const cpu = (c: CpuCost) =>
  `${n(c.node, 2)} + ${n(c.postgres, 2)} + ${n(c.redis, 2)} = ${n(c.node + c.postgres + c.redis, 2)}`;
const cpuTotal = (c: CpuCost) => c.node + c.postgres + c.redis;
const met = (ok: boolean) => (ok ? 'yes' : '**NO**');

export interface Figures {
  intake: IntakeFigures;
  endToEnd: EndToEndFigures;
  worker: WorkerFigures;
}

export function verdicts(f: Figures) {
  return {
    intakeRatio: f.intake.ratio >= TARGETS.intakeRatio && f.intake.api.failed === 0,
    endToEndP99: f.endToEnd.endToEnd.p99 < TARGETS.endToEndP99Ms && f.endToEnd.undecided === 0,
    workerThroughput:
      f.worker.worker.perSecond >= TARGETS.workerPerSecond && f.worker.worker.done === f.worker.count,
    /** Durability: every 202 of the intake run is a committed row (in-flight ones at the stop may add rows). */
    intakeStored: f.intake.apiStoredRows >= f.intake.apiAccepted,
  };
}

/** The markdown table: each service next to its bare building block, the ratio and the target. */
export function table(f: Figures): string {
  const { intake, endToEnd: e2e, worker } = f;
  const ok = verdicts(f);
  const s = intake.settings;
  const rows = [
    ['Measure', 'Service', 'Bare building block', 'Ratio', 'Target', 'Met'],
    ['---', '---:', '---:', '---:', '---', '---'],
    [
      'Intake POST /v1/comments, req/s',
      `${n(intake.api.rps)}${failures(intake.api)}`,
      `${n(intake.expressQueueAdd.rps)} (Express + queue.add)${failures(intake.expressQueueAdd)}`,
      n(intake.ratio, 2),
      `ratio ≥ ${TARGETS.intakeRatio}`,
      met(ok.intakeRatio),
    ],
    ['Intake latency p50 / p99, ms', latency(intake.api), latency(intake.expressQueueAdd), '', '', ''],
    [
      '  api 202s / rows committed',
      `${intake.apiAccepted} / ${intake.apiStoredRows}`,
      '',
      '',
      'every 202 stored',
      met(ok.intakeStored),
    ],
    [
      'Intake CPU per request, ms: node + postgres + redis',
      cpu(intake.api.cpuPerRequestMs),
      cpu(intake.expressQueueAdd.cpuPerRequestMs),
      n(cpuTotal(intake.api.cpuPerRequestMs) / cpuTotal(intake.expressQueueAdd.cpuPerRequestMs), 2),
      '',
      '',
    ],
    [
      'Reference: Express 5 → 202, req/s (p50 / p99 ms)',
      '',
      `${n(intake.express202.rps)} (${latency(intake.express202)})`,
      n(intake.api.rps / intake.express202.rps, 2),
      '',
      '',
    ],
    [
      'Reference: node:http hello, req/s (p50 / p99 ms)',
      '',
      `${n(intake.httpHello.rps)} (${latency(intake.httpHello)})`,
      n(intake.api.rps / intake.httpHello.rps, 2),
      '',
      '',
    ],
    [
      `End-to-end POST → stored verdict at ${e2e.rate}/s, p50 / p99 (max), ms`,
      `${n(e2e.endToEnd.p50, 1)} / ${n(e2e.endToEnd.p99, 1)} (${n(e2e.endToEnd.max, 1)})`,
      '',
      '',
      `p99 < ${TARGETS.endToEndP99Ms} ms`,
      met(ok.endToEndP99),
    ],
    [
      '  of which POST (client) / received → decided (DB), p50 / p99 ms',
      `${n(e2e.post.p50, 1)} / ${n(e2e.post.p99, 1)}; ${n(e2e.queueToVerdict.p50, 1)} / ${n(e2e.queueToVerdict.p99, 1)}`,
      '',
      '',
      '',
      '',
    ],
    [
      '  CPU per comment, ms: api + worker + postgres + redis (RSS api / worker, MB)',
      `${n(e2e.cpuPerCommentMs.api, 2)} + ${n(e2e.cpuPerCommentMs.worker, 2)} + ${n(e2e.cpuPerCommentMs.postgres, 2)} + ` +
        `${n(e2e.cpuPerCommentMs.redis, 2)} = ${n(e2e.cpuPerCommentMs.total, 2)} (${n(e2e.rssMb.api)} / ${n(e2e.rssMb.worker)})`,
      '',
      '',
      '',
      '',
    ],
    [
      `  comments sent / 202 / decided`,
      `${e2e.sent} / ${e2e.accepted} / ${e2e.decided}` +
        (e2e.accepted < e2e.sent ? ` (responses ${JSON.stringify(e2e.statuses)})` : ''),
      '',
      '',
      'all decided',
      met(e2e.undecided === 0 && e2e.accepted === e2e.sent),
    ],
    [
      "  Redis: the run's keys after it, bytes per comment moderated (keys, MB)",
      `${n(e2e.redis.bytesPerComment)} (${n(e2e.redis.keys)} keys, ${n(e2e.redis.bytes / 2 ** 20, 1)} MB)`,
      '',
      '',
      '',
      '',
    ],
    [
      `Worker drain of ${worker.count} comments (${worker.contentChars} chars), comments/s`,
      `${n(worker.worker.perSecond)} (wall ${n(worker.worker.wallMs / 1000, 1)} s` +
        `${worker.worker.done < worker.count ? `; only ${worker.worker.done} decided` : ''})`,
      `${n(worker.noop.perSecond)} (no-op BullMQ worker; wall ${n(worker.noop.wallMs / 1000, 1)} s)`,
      n(worker.ratio, 2),
      `≥ ${n(TARGETS.workerPerSecond)}/s`,
      met(ok.workerThroughput),
    ],
    [
      'Worker CPU per comment, ms: node + postgres + redis',
      cpu(worker.worker.cpuPerJobMs),
      cpu(worker.noop.cpuPerJobMs),
      n(cpuTotal(worker.worker.cpuPerJobMs) / cpuTotal(worker.noop.cpuPerJobMs), 2),
      '',
      '',
    ],
    [
      'Reference: checks + policy in process, comments per CPU-second',
      '',
      n(worker.checksPerSecond),
      n(worker.worker.perSecond / worker.checksPerSecond, 2),
      '',
      '',
    ],
    ['Reference: BullMQ addBulk, jobs/s', '', n(worker.addBulkJobsPerSecond), '', '', ''],
    ['Redis memory per waiting moderation job, bytes', n(worker.redisBytesPerQueuedJob), '', '', '', ''],
  ];
  const header =
    `autocannon: ${s.durationS} s after ${s.warmupS} s warm-up, ${s.connections} connections, ` +
    `unique comment per request, ${s.contentChars}-char content; worker concurrency ${worker.concurrency}. ` +
    'CPU (the cost model of docs/capacity.md): utime + stime from /proc/<pid>/stat of each node process and of ' +
    'the PostgreSQL backends serving its connections (by socket, through pg_stat_activity), and INFO cpu of the whole Redis server.';
  return [header, '', ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}
