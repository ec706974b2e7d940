import { z } from 'zod';
import { isClusterUrl } from '../redis-connection';
import {
  api,
  callbacks,
  database,
  fairness,
  readReplica,
  redis,
  service,
  siteKeys,
  workers,
} from './settings';

/** Where the service's own Redis keys go when REDIS_KEY_PREFIX is unset: beside BullMQ's, as before it existed. */
const withKeyPrefix = <T extends { QUEUE_PREFIX: string; REDIS_KEY_PREFIX?: string | undefined }>(
  config: T,
) => ({
  ...config,
  REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX ?? config.QUEUE_PREFIX,
});

/** On Redis Cluster, BullMQ's scripts need all the keys of one queue in one slot: a {tag} in the prefix. */
const clusterNeedsTag = (config: { REDIS_URL: string; QUEUE_PREFIX: string }) => {
  try {
    return !isClusterUrl(config.REDIS_URL) || /\{[^}]+\}/.test(config.QUEUE_PREFIX);
  } catch {
    return true; // REDIS_URL's own check reports it
  }
};
const clusterTagIssue = {
  message: 'must hold a {hash tag} on Redis Cluster, e.g. {moderation}',
  path: ['QUEUE_PREFIX'],
};

const apiShape = {
  ...database,
  ...readReplica,
  ...redis,
  ...fairness,
  ...service,
  ...callbacks,
  ...siteKeys,
  ...api,
};
const workerShape = { ...database, ...redis, ...fairness, ...service, ...callbacks, ...workers };

/**
 * One schema per process role, each built from the groups of settings.ts the role uses: a process
 * requires only what it reads, so the CLIs start without an ADMIN_TOKEN they would never use.
 */
const roles = {
  /** src/processes/api.ts */
  api: z.object(apiShape).refine(clusterNeedsTag, clusterTagIssue).transform(withKeyPrefix),
  /** src/processes/workers.ts */
  worker: z.object(workerShape).refine(clusterNeedsTag, clusterTagIssue).transform(withKeyPrefix),
  /** src/processes/all-in-one.ts: the api and the workers in one process. */
  'all-in-one': z
    .object({ ...apiShape, ...workerShape })
    .refine(clusterNeedsTag, clusterTagIssue)
    .transform(withKeyPrefix),
  /** src/cli/admin.ts: creates sites (their callback URL checked) and moderators. */
  admin: z.object({ ...database, ...callbacks, ...siteKeys }),
  /** src/cli/train.ts: teaches the classifier a labeled file. */
  train: z.object(database),
};

export type Role = keyof typeof roles;
export type ConfigOf<R extends Role> = z.infer<(typeof roles)[R]>;
export type ApiConfig = ConfigOf<'api'>;
export type WorkerConfig = ConfigOf<'worker'>;
export type AllInOneConfig = ConfigOf<'all-in-one'>;

/** Thrown when the environment holds bad settings; lists every bad key at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment for a role, once at start; throws one ConfigError naming every bad key. */
export function loadConfig<R extends Role>(role: R, env: NodeJS.ProcessEnv = process.env): ConfigOf<R> {
  const parsed = roles[role].safeParse(env);
  if (parsed.success) return parsed.data as ConfigOf<R>;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
