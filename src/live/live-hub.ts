import type { RedisClient } from '../redis-connection';
import type { Logger } from '../logger';
import { visibleTo, type LiveEvent } from './live-events';

/** Where a hub sends one dashboard's events (an SSE response, in src/live/live-routes.ts). */
export interface LiveSink {
  event(event: LiveEvent): void;
  /** Keeps idle connections open through proxies that close silent ones. */
  ping(): void;
  end(): void;
}

const EVENT_TYPES = new Set(['held', 'decided', 'claimed', 'released']);

/**
 * One api process's fan-out of live events: a single Redis subscriber connection for the process,
 * whatever the number of open dashboards, so events published by any api or worker process reach
 * every dashboard of every api process. Each dashboard gets only the events of its sites.
 */
export function createLiveHub(deps: {
  /** A connection in subscriber mode, this hub's alone (the composition root makes and closes it). */
  subscriber: RedisClient;
  channel: string;
  logger: Logger;
  pingEveryMs?: number;
}) {
  const clients = new Map<LiveSink, readonly string[] | null>();
  deps.subscriber.subscribe(deps.channel).catch((error: unknown) => {
    // ioredis subscribes again on every reconnect; the first failure is only worth a warning.
    deps.logger.warn({ err: error }, 'cannot subscribe to live events; dashboards poll');
  });
  const onMessage = (channel: string, message: string) => {
    if (channel !== deps.channel) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(message) as LiveEvent;
      if (!EVENT_TYPES.has(event.type)) return;
    } catch {
      return;
    }
    for (const [sink, siteIds] of clients) {
      const visible = visibleTo(siteIds, event);
      if (visible) sink.event(visible);
    }
  };
  deps.subscriber.on('message', onMessage);
  const pinger = setInterval(() => {
    for (const sink of clients.keys()) sink.ping();
  }, deps.pingEveryMs ?? 25_000);
  pinger.unref();

  return {
    /** Sends the events of these sites (null: all) to the sink until the returned function is called. */
    connect(siteIds: readonly string[] | null, sink: LiveSink): () => void {
      clients.set(sink, siteIds);
      return () => clients.delete(sink);
    },
    /** How many dashboards are connected to this process. */
    size: () => clients.size,
    /** Ends every stream (so the server can close) and stops listening; the connection is the caller's. */
    close(): void {
      clearInterval(pinger);
      deps.subscriber.off('message', onMessage);
      for (const sink of clients.keys()) sink.end();
      clients.clear();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
