import type { Pool } from 'pg';
import { cpuPer, sampleCpu, type CpuCost } from './cpu';
import { postComments, type LoadResult, type LoadSettings } from './load';
import { freePort, startNode, waitForHttp } from './processes';
import { createScratch, REDIS_URL, scratchPrefix } from './scratch';

/** A load result and the CPU each request cost, in ms, by process. */
export type ServerResult = LoadResult & { cpuPerRequestMs: CpuCost };

export interface IntakeFigures {
  settings: LoadSettings & { warmupS: number };
  /** Raw node:http answering 200: the ceiling of any Node HTTP server here. */
  httpHello: ServerResult;
  /** Express 5 + json parser answering 202. */
  express202: ServerResult;
  /** Express 5 + json parser + one queue.add: the building block intake is made of. */
  expressQueueAdd: ServerResult;
  /** The real api: auth, validation, durable insert, enqueue. */
  api: ServerResult;
  /** Rows the api committed during its runs (warm-up included): every 202 must be one. */
  apiStoredRows: number;
  apiAccepted: number;
  /** api req/s ÷ Express + queue.add req/s. */
  ratio: number;
}

/**
 * Starts `script` as a child process, waits for it, warms it up, measures it with autocannon from
 * this process (so the load generator never shares the server's event loop), and stops it.
 */
async function measureServer(
  name: string,
  script: string,
  env: Record<string, string>,
  settings: IntakeFigures['settings'],
  pool: Pool,
  headers: Record<string, string> = {},
): Promise<ServerResult & { warmupOk: number }> {
  const port = await freePort();
  const child = startNode(name, script, { env: { ...env, PORT: String(port) } });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(child, `${base}/healthz`);
    // Warm-up: JIT, the pg pool's connections, the auth cache; not counted.
    const warmup = await postComments(
      base,
      `${name}-warm`,
      { ...settings, durationS: settings.warmupS },
      headers,
    );
    const before = await sampleCpu(child.process.pid!, pool);
    const result = await postComments(base, name, settings, headers);
    const cpuPerRequestMs = cpuPer(before, await sampleCpu(child.process.pid!, pool), result.ok);
    process.stderr.write(
      `  ${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
        `${result.failed ? `, ${result.failed} failed ${JSON.stringify(result.statuses)}` : ''}\n`,
    );
    return { ...result, cpuPerRequestMs, warmupOk: warmup.ok };
  } finally {
    await child.stop();
  }
}

/** Intake throughput and latency: the real api next to the bare servers it is built from. */
export async function benchIntake(settings: IntakeFigures['settings']): Promise<IntakeFigures> {
  // No worker runs against this schema or prefix, so the figures are intake alone.
  const scratch = await createScratch('intake');
  const { pool } = scratch;
  const httpHello = await measureServer('http-hello', 'bench/bare-servers/http-hello.js', {}, settings, pool);
  const express202 = await measureServer(
    'express-202',
    'bench/bare-servers/express-202.js',
    {},
    settings,
    pool,
  );
  const expressQueueAdd = await measureServer(
    'express-queue-add',
    'bench/bare-servers/express-queue-add.js',
    { REDIS_URL, QUEUE_PREFIX: scratchPrefix('bare_queue') },
    settings,
    pool,
  );
  const api = await measureServer('api', 'src/processes/api.js', scratch.serviceEnv(), settings, pool, {
    authorization: `Bearer ${scratch.apiKey}`,
  });
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM comments');
  return {
    settings,
    httpHello,
    express202,
    expressQueueAdd,
    api,
    apiStoredRows: rows[0]!.n,
    apiAccepted: api.ok + api.warmupOk,
    ratio: api.rps / expressQueueAdd.rps,
  };
}
