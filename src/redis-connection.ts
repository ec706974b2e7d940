import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A connection to a single Redis (direct or found through Sentinel) or to a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** What a REDIS_URL names: one server, the nodes of a cluster, or the sentinels of a named master. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: Array<{ host: string; port: number }>; options: RedisOptions }
  | {
      kind: 'sentinel';
      sentinels: Array<{ host: string; port: number }>;
      name: string;
      options: RedisOptions;
    };

const COMPOUND = /^(rediss?)\+(cluster|sentinel):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/;

function parseHosts(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((entry) => {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(entry.trim());
    if (!match) throw new Error(`bad host "${entry}"`);
    const port = match[2] === undefined ? 0 : Number(match[2]);
    if (port > 65535) throw new Error(`bad port in "${entry}"`);
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

/**
 * Parses REDIS_URL: `redis://` or `rediss://` for one server, as ioredis reads it;
 * `redis+cluster://[user:password@]host:port,host:port` for a Redis Cluster (any reachable nodes,
 * the rest are discovered); `redis+sentinel://[user:password@]host:port,host:port/master[/db]` for
 * a master watched by Sentinel (`?sentinelPassword=` when the sentinels want one). The `rediss+`
 * forms use TLS. Throws on anything else, with the reason.
 */
export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\//.test(url)) {
    new URL(url);
    return { kind: 'single', url };
  }
  const match = COMPOUND.exec(url);
  if (!match) {
    throw new Error(
      'must be redis[s]://host:port, redis[s]+cluster://h:p,h:p or redis[s]+sentinel://h:p,h:p/master',
    );
  }
  const [, scheme, kind, userinfo, hostList, path, query] = match as unknown as [
    string,
    string,
    'cluster' | 'sentinel',
    string | undefined,
    string,
    string | undefined,
    string | undefined,
  ];
  const options: RedisOptions = {};
  if (userinfo) {
    const [user, password] = userinfo.includes(':') ? userinfo.split(/:(.*)/s) : ['', userinfo];
    if (user) options.username = decodeURIComponent(user);
    if (password) options.password = decodeURIComponent(password);
  }
  if (scheme === 'rediss') options.tls = {};
  const hosts = parseHosts(hostList!);
  const params = new URLSearchParams(query ?? '');
  if (kind === 'cluster') {
    if (path && path !== '/') throw new Error('a cluster URL takes no path (a cluster has only database 0)');
    return { kind, nodes: hosts.map((h) => ({ host: h.host, port: h.port || 6379 })), options };
  }
  const [name, db] = (path ?? '').split('/').filter(Boolean);
  if (!name) throw new Error('a sentinel URL names its master: redis+sentinel://h:p,h:p/mymaster');
  if (db !== undefined) {
    if (!/^\d+$/.test(db)) throw new Error(`bad database "${db}"`);
    options.db = Number(db);
  }
  const sentinelPassword = params.get('sentinelPassword');
  if (sentinelPassword) options.sentinelPassword = sentinelPassword;
  if (scheme === 'rediss') options.enableTLSForSentinelMode = true;
  return { kind, sentinels: hosts.map((h) => ({ host: h.host, port: h.port || 26379 })), name, options };
}

export type RedisRole = 'producer' | 'worker' | 'counters' | 'subscriber';

/**
 * Redis connections by role. A producer fails fast (no offline queue, one retry) so intake never
 * hangs on a dead Redis; a worker waits and retries for ever, as BullMQ requires. A subscriber (the
 * api's live events) also reconnects for ever, and ioredis subscribes it again each time. The
 * worker's counters (crowd index) get their own connection with auto-pipelining, which sends the
 * pipelines of all jobs in flight as one write; BullMQ's own connection is left as it expects.
 * On a cluster the same settings apply to the connection of each node, and ioredis follows
 * MOVED/ASK redirections and failovers.
 */
export function createRedis(
  url: string,
  role: RedisRole,
  /** How long the producer's connection may take to open (REDIS_CONNECT_TIMEOUT_MS). */
  producerConnectTimeoutMs = 2_000,
): RedisClient {
  const perRole: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: producerConnectTimeoutMs }
      : { maxRetriesPerRequest: null };
  const autoPipelining = role === 'counters';
  const target = parseRedisUrl(url);
  if (target.kind === 'single') return new Redis(url, { ...perRole, enableAutoPipelining: autoPipelining });
  if (target.kind === 'sentinel') {
    return new Redis({
      ...target.options,
      ...perRole,
      sentinels: target.sentinels,
      name: target.name,
      enableAutoPipelining: autoPipelining,
    });
  }
  // The offline queue is the cluster's to keep (each node's connects lazily, and queues meanwhile).
  const { enableOfflineQueue: _perNode, ...nodeOptions } = perRole;
  const options: ClusterOptions = {
    redisOptions: { ...target.options, ...nodeOptions },
    enableOfflineQueue: role !== 'producer',
    enableAutoPipelining: autoPipelining,
    // A failover takes a few seconds: keep retrying a command redirected to a node that is down.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  };
  return new Cluster(target.nodes, options);
}

/** Whether a REDIS_URL names a cluster, whose keys must be hash-tagged (src/redis-keys.ts). */
export const isClusterUrl = (url: string) => parseRedisUrl(url).kind === 'cluster';

/**
 * Every key matching a pattern, in batches: SCAN on a single Redis, on each master of a cluster.
 * (A pattern under a {tag} lives on one master; the others answer nothing.)
 */
export async function* scanKeys(redis: RedisClient, pattern: string): AsyncGenerator<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    for await (const batch of node.scanStream({ match: pattern, count: 500 })) yield batch as string[];
  }
}
