import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DelayedError, type Queue } from 'bullmq';
import type { Verdict } from './moderation/types';
import { withTimeout } from './timeout';

/** Job states whose counts `queue_jobs` reports; BullMQ keeps prioritized jobs apart from waiting ones. */
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/** What one callback attempt came to: `retry` means it failed and another attempt is scheduled. */
export type DeliveryAttemptOutcome = 'delivered' | 'retry' | 'failed' | 'gone';

/** What the moderation processor reports; a narrow interface so processors need not know prom-client. */
export interface ModerationMetrics {
  /** One comment through the checks; `stored` is false when another run had decided it first. */
  moderated(result: { verdict: Verdict; checksMs: number; stored: boolean }): void;
}

/** What the delivery processor reports. */
export interface DeliveryMetrics {
  attempt(outcome: DeliveryAttemptOutcome): void;
}

export interface MetricsOptions {
  /** How long a scrape waits for a queue's job counts before leaving them out; Redis down must not hang it. */
  queueCountTimeoutMs?: number;
  /** Node process metrics (CPU, memory, event loop lag, GC); on by default. */
  defaultMetrics?: boolean;
}

/**
 * One Prometheus registry and the service's metrics on it. Built by a composition root and passed
 * down, never global: the all-in-one process shares one between its api and its workers, so the
 * api's /metrics shows the workers' verdicts, and parallel tests each get their own.
 */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const timeoutMs = options.queueCountTimeoutMs ?? 1_000;

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const verdicts = new Counter({
    name: 'moderation_verdicts_total',
    help: 'Automatic verdicts stored, by action.',
    labelNames: ['action'] as const,
    registers,
  });
  const signals = new Counter({
    name: 'moderation_signals_total',
    help: 'Signals of stored automatic verdicts, by check and code.',
    labelNames: ['check', 'code'] as const,
    registers,
  });
  const checkFailures = new Counter({
    name: 'moderation_check_failures_total',
    help: 'Checks that threw (check_failed signals, which send the comment to review), by check.',
    labelNames: ['check'] as const,
    registers,
  });
  const checksDuration = new Histogram({
    name: 'moderation_checks_duration_seconds',
    help: 'Time the checks and the policy took for one comment (CPU on the worker event loop).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'Time a worker spent on one job, by queue and outcome (completed, failed, delayed).',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30],
    registers,
  });
  const deliveryAttempts = new Counter({
    name: 'delivery_attempts_total',
    help: 'Callback attempts, by outcome (delivered, retry, failed, gone).',
    labelNames: ['outcome'] as const,
    registers,
  });

  // Queues are counted on scrape, from whichever tracked source of each queue name came first:
  // the all-in-one process tracks the api's and the workers' handles on the same queues.
  const tracked: Queue[] = [];
  type QueueCounts = { queue: string; counts: Record<string, number> | null };
  let reading: Promise<QueueCounts[]> | undefined;
  // Both gauges are collected at once by one scrape: they share one read of Redis.
  const readCounts = () =>
    (reading ??= (async () => {
      const byName = new Map<string, Queue>();
      for (const queue of tracked) if (!byName.has(queue.name)) byName.set(queue.name, queue);
      return Promise.all(
        [...byName.values()].map(async (queue) => ({
          queue: queue.name,
          counts: await withTimeout(queue.getJobCounts(...QUEUE_STATES), timeoutMs).catch(() => null),
        })),
      );
    })().finally(() => (reading = undefined)));

  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in a queue by state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      const read = await readCounts();
      // No numbers rather than stale ones when Redis did not answer; queue_counts_up says so.
      this.reset();
      for (const { queue, counts } of read) {
        if (counts) for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'queue_counts_up',
    help: "1 when the scrape read the queue's job counts from Redis in time, else 0.",
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      const read = await readCounts();
      this.reset();
      for (const { queue, counts } of read) this.set({ queue }, counts ? 1 : 0);
    },
  });

  const moderation: ModerationMetrics = {
    moderated({ verdict, checksMs, stored }) {
      checksDuration.observe(checksMs / 1_000);
      // A run that lost the race to another stored nothing: counting it would count the comment twice.
      if (!stored) return;
      verdicts.inc({ action: verdict.action });
      for (const signal of verdict.signals) {
        signals.inc({ check: signal.check, code: signal.code });
        if (signal.code === 'check_failed') checkFailures.inc({ check: signal.check });
      }
    },
  };
  const delivery: DeliveryMetrics = {
    attempt: (outcome) => deliveryAttempts.inc({ outcome }),
  };

  return {
    registry,
    moderation,
    delivery,
    /** Records one answered request; `route` must be a pattern, never a raw path. */
    request(method: string, route: string, status: number, seconds: number) {
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, seconds);
    },
    /** Counts these queues' jobs on every scrape until the returned function is called. */
    trackQueues(queues: Queue[]): () => void {
      tracked.push(...queues);
      return () => {
        for (const queue of queues) {
          const index = tracked.indexOf(queue);
          if (index >= 0) tracked.splice(index, 1);
        }
      };
    },
    /** Wraps a BullMQ processor so each job's duration is observed by queue and outcome. */
    timeJobs<Args extends unknown[], Result>(
      queue: string,
      processor: (...args: Args) => Promise<Result>,
    ): (...args: Args) => Promise<Result> {
      return async (...args) => {
        const stop = jobDuration.startTimer({ queue });
        try {
          const result = await processor(...args);
          stop({ outcome: 'completed' });
          return result;
        } catch (error) {
          stop({ outcome: error instanceof DelayedError ? 'delayed' : 'failed' });
          throw error;
        }
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
