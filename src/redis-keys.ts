/**
 * Where the service keeps its own keys in Redis, beside BullMQ's queues (QUEUE_PREFIX): one
 * namespace per store under REDIS_KEY_PREFIX, the only place that names them. Each store adds
 * its own suffix; the README's "Redis keys" lists the whole names.
 *
 * Ready for Redis Cluster, which needs every key of one command or script in one hash slot (the
 * slot of a key's first {tag}, or of the whole key without one). Each store touches one key per
 * command except the crowd index, whose observe-crowd.lua reads and writes a comment's band keys
 * and its author's and IP's pace keys at once: its namespace carries the tag {crowd}. A prefix
 * that holds a tag itself (`{moderation}`) puts every key in that prefix's one slot instead.
 */
export interface RedisKeyspace {
  /** `<prefix>:claim:<review item id>`: who has an item open (src/review/claims.ts). */
  claims: string;
  /** `<prefix>:{crowd}:fp|author|ip:…`: the crowd index (src/crowd/redis-crowd-index.ts). */
  crowd: string;
  /** `<prefix>:rate-limit:<site id>`: intake per site and minute (src/http/rate-limit.ts). */
  rateLimit: string;
  /** `<prefix>:login-failures:name|address|pair:…`: the dashboard's sign-in throttle (src/sessions/login-throttle.ts). */
  loginFailures: string;
  /** `<prefix>:signed-intake:<site id>:<webhook-id>`: webhook-ids seen, with a body digest and the first answer (src/access/signed-requests.ts). */
  signedIntake: string;
  /** `<prefix>:fair:backlog|in-flight:<site id>`: each site's moderation jobs queued and running (src/fairness/). */
  fairness: string;
  /** `<prefix>:live`: the pub/sub channel of the dashboards' live events (src/live/), not a key. */
  live: string;
  /** `<prefix>:credentials-changed`: the pub/sub channel that drops cached credentials in every api process (src/access/credential-changes.ts), not a key. */
  credentialChanges: string;
}

/** The namespaces under a REDIS_KEY_PREFIX. All but the crowd's are the names they had under QUEUE_PREFIX. */
export function redisKeyspace(prefix: string): RedisKeyspace {
  return {
    claims: `${prefix}:claim`,
    crowd: `${prefix}:{crowd}`,
    rateLimit: `${prefix}:rate-limit`,
    loginFailures: `${prefix}:login-failures`,
    signedIntake: `${prefix}:signed-intake`,
    fairness: `${prefix}:fair`,
    live: `${prefix}:live`,
    credentialChanges: `${prefix}:credentials-changed`,
  };
}
