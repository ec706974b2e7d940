import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** One redis-server of the cluster, as started here. */
export interface ClusterNode {
  port: number;
  process: ChildProcess;
}

export interface LocalRedisCluster {
  /** `redis+cluster://127.0.0.1:p1,…` for REDIS_URL. */
  url: string;
  nodes: ClusterNode[];
  /**
   * Kills (SIGKILL) the master holding `key`'s slot and waits until a replica has taken over and the
   * cluster answers again; resolves with the port killed and how long the takeover took.
   */
  killMasterOf(key: string): Promise<{ port: number; recoveryMs: number }>;
  stop(): Promise<void>;
}

/** Whether a port is free to listen on right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` ports, each free along with its cluster bus port (port + 10000). */
async function sparePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const checks = await Promise.all(ports.flatMap((port) => [isFree(port), isFree(port + 10_000)]));
    if (checks.every(Boolean)) return ports;
  }
  throw new Error('no spare ports for a Redis Cluster');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`redis cluster: ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `use` on a connection of its own to one node, which fails at once if the node is down. */
async function onNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** Runs one command on one node. */
async function ask(port: number, ...args: string[]): Promise<string> {
  return onNode(port, async (redis) => String(await redis.call(args[0]!, ...args.slice(1))));
}

/**
 * Kills the nodes if the test runner dies first: redis-server cannot preload the orphan guard the
 * service processes get, so a small node process watches the runner for them.
 */
function startWatchdog(pids: number[]): ChildProcess {
  const script = `const p=process.ppid;setInterval(()=>{if(process.ppid!==p){for(const id of ${JSON.stringify(pids)})try{process.kill(id,'SIGKILL')}catch{}process.exit(0)}},500)`;
  const watchdog = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

/**
 * A real Redis Cluster on this machine: six `redis-server --cluster-enabled yes` nodes (three masters,
 * three replicas) on spare ports, in a temporary directory, joined by `redis-cli --cluster create`.
 * Needs only redis-server and redis-cli on the PATH. stop() kills the nodes and removes the directory.
 */
export async function startRedisCluster(
  options: { nodeTimeoutMs?: number } = {},
): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'redis-cluster-'));
  const ports = await sparePorts(6);
  const nodes: ClusterNode[] = ports.map((port) => ({
    port,
    process: spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        String(options.nodeTimeoutMs ?? 1_000),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    ),
  }));
  const watchdog = startWatchdog(nodes.map((node) => node.process.pid!));
  const stop = async () => {
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise<void>((resolve) => {
            if (node.process.exitCode !== null || node.process.signalCode !== null) return resolve();
            node.process.once('exit', () => resolve());
            node.process.kill('SIGKILL');
          }),
      ),
    );
    watchdog.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      ports.map((port) =>
        until(
          `node ${port} up`,
          async () => ((await ask(port, 'PING')) === 'PONG' ? true : undefined),
          10_000,
        ),
      ),
    );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ]);
    await until(
      'cluster state ok',
      async () => {
        const infos = await Promise.all(ports.map((port) => ask(port, 'CLUSTER', 'INFO')));
        return infos.every((info) => info.includes('cluster_state:ok')) ? true : undefined;
      },
      20_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const alive = () =>
    nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);
  return {
    url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`,
    nodes,
    stop,
    async killMasterOf(key) {
      const slot = Number(await ask(ports[0]!, 'CLUSTER', 'KEYSLOT', key));
      const masterPort = async (via: number) => {
        const shards = (await clusterSlots(via)) as Array<[number, number, [string, number]]>;
        const shard = shards.find(([from, to]) => slot >= from && slot <= to);
        return shard?.[2][1];
      };
      const port = await masterPort(ports[0]!);
      const victim = nodes.find((node) => node.port === port);
      if (!victim) throw new Error(`no master found for slot ${slot}`);
      const started = Date.now();
      victim.process.kill('SIGKILL');
      const survivor = alive().find((node) => node !== victim)!.port;
      await until(
        'no replica took over',
        async () => {
          const now = await masterPort(survivor);
          const info = await ask(survivor, 'CLUSTER', 'INFO');
          return now !== undefined && now !== port && info.includes('cluster_state:ok') ? true : undefined;
        },
        30_000,
      );
      return { port: victim.port, recoveryMs: Date.now() - started };
    },
  };
}

async function clusterSlots(port: number): Promise<unknown> {
  return onNode(port, (redis) => redis.cluster('SLOTS'));
}
