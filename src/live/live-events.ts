import type { RedisClient } from '../redis-connection';
import type { Logger } from '../logger';
import type { CommentStatus } from '../db/comments-repository';

/** Who caused a live event: a moderator (or the operator, moderatorId null), the site, or the worker. */
export interface Actor {
  moderatorId: string | null;
  name: string;
}

/**
 * What open dashboards hear at once (GET /v1/review/events): ids, sites and versions only, never a
 * comment's text or author, so nothing personal crosses Redis pub/sub; a dashboard re-reads what
 * it shows. `held` gathers the worker's verdicts of one group commit.
 */
export type LiveEvent =
  | { type: 'held'; items: Array<{ id: string; siteId: string; version: number }> }
  | { type: 'decided'; id: string; siteId: string; status: CommentStatus; version: number; by: Actor }
  | { type: 'claimed' | 'released'; id: string; siteId: string; by: Actor };

/** Publishes live events; best effort, as the dashboards fall back to polling. */
export type LivePublisher = (event: LiveEvent) => void;

/**
 * A publisher on a connection the process already has (PUBLISH needs no connection of its own). A
 * failure (Redis down) is logged at debug and forgotten: live updates are a convenience, and the
 * state they announce is in PostgreSQL.
 */
export function createLivePublisher(deps: {
  redis: RedisClient;
  channel: string;
  logger: Logger;
}): LivePublisher {
  return (event) => {
    deps.redis
      .publish(deps.channel, JSON.stringify(event))
      .catch((error: unknown) => deps.logger.debug({ err: error, type: event.type }, 'live event lost'));
  };
}

/** The part of an event a reader of these sites may see, or null (null sites: every site). */
export function visibleTo(siteIds: readonly string[] | null, event: LiveEvent): LiveEvent | null {
  if (siteIds === null) return event;
  if (event.type === 'held') {
    const items = event.items.filter((item) => siteIds.includes(item.siteId));
    return items.length > 0 ? { ...event, items } : null;
  }
  return siteIds.includes(event.siteId) ? event : null;
}
