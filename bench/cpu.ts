import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Pool } from 'pg';
import { Redis } from 'ioredis';
import { REDIS_URL } from './scratch';

/**
 * CPU time spent per request, by process: unlike req/s it hardly moves when other work shares the
 * machine's two cores, so it shows what each piece costs. Linux only (/proc); elsewhere it is NaN.
 */
export interface CpuSample {
  /** The service (or bare) node process. */
  node: number;
  /** The PostgreSQL backends serving that process's connections, by backend pid. */
  postgres: Map<number, number>;
  /** The whole Redis server (shared with anything else using it). */
  redis: number;
}

/** CPU per unit of work between two samples, in milliseconds. */
export interface CpuCost {
  node: number;
  postgres: number;
  redis: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** utime + stime of a process so far, in ms. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** Local ports of the process's TCP connections to `remotePort` (found through its socket inodes). */
function localPortsTo(pid: number, remotePort: number): number[] {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter((inode): inode is string => inode !== undefined),
    );
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1]?.split(':')[1];
      const remote = cols[2]?.split(':')[1];
      if (local && remote && parseInt(remote, 16) === remotePort && inodes.has(cols[9] ?? '')) {
        ports.push(parseInt(local, 16));
      }
    }
  }
  return ports;
}

async function redisCpuMs(): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info('cpu');
    const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
  } finally {
    redis.disconnect();
  }
}

/** Resident memory of a process, in MB (VmRSS); NaN off Linux. */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) / 1024;
  } catch {
    return NaN;
  }
}

/** Bytes Redis holds now (INFO memory used_memory): before and after enqueueing, the cost of a backlog. */
export async function redisUsedMemory(): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
  } finally {
    redis.disconnect();
  }
}

/** CPU used so far by a process, its PostgreSQL backends (asked through `pool`), and Redis. */
export async function sampleCpu(pid: number, pool?: Pool, pgPort = 5432): Promise<CpuSample> {
  const postgres = new Map<number, number>();
  const ports = pool ? localPortsTo(pid, pgPort) : [];
  if (pool && ports.length > 0) {
    const { rows } = await pool.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])',
      [ports],
    );
    for (const row of rows) postgres.set(row.pid, processCpuMs(row.pid));
  }
  return { node: processCpuMs(pid), postgres, redis: await redisCpuMs() };
}

/** Milliseconds of CPU per unit of work between two samples; a backend new since `before` counts whole. */
export function cpuPer(before: CpuSample, after: CpuSample, units: number): CpuCost {
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  return {
    node: (after.node - before.node) / units,
    postgres: postgres / units,
    redis: (after.redis - before.redis) / units,
  };
}

/** What one comment costs end to end, by part, in CPU ms: the cost model of docs/capacity.md. */
export interface CommentCost {
  api: number;
  worker: number;
  /** The backends serving the api's and the worker's connections. */
  postgres: number;
  /** The whole Redis server. */
  redis: number;
  total: number;
}

/** Samples the api and the worker (each with its PostgreSQL backends) and Redis, at one moment. */
export async function sampleService(apiPid: number, workerPid: number, pool: Pool) {
  const [api, worker] = [await sampleCpu(apiPid, pool), await sampleCpu(workerPid, pool)];
  return { api, worker };
}

/** CPU per comment between two sampleService() calls, by part. */
export function costPerComment(
  before: Awaited<ReturnType<typeof sampleService>>,
  after: Awaited<ReturnType<typeof sampleService>>,
  comments: number,
): CommentCost {
  const api = cpuPer(before.api, after.api, comments);
  const worker = cpuPer(before.worker, after.worker, comments);
  const parts = {
    api: api.node,
    worker: worker.node,
    postgres: api.postgres + worker.postgres,
    redis: worker.redis,
  };
  return { ...parts, total: parts.api + parts.worker + parts.postgres + parts.redis };
}
