import type { RedisClient } from '../redis-connection';
import type { Logger } from '../logger';

/**
 * Tells every api process at once that keys or moderators changed (a key rotated, a moderator's
 * role, sites, token or access), so that each drops the credentials it cached: a revocation must
 * not wait for AUTH_CACHE_MS in the other processes. Carried by Redis pub/sub beside the live events.
 */
export interface CredentialChanges {
  /** Publishes a change; best effort (the publishing process has already forgotten its own cache). */
  announce(): void;
  /** Calls the listener on every change announced by any process, and whenever a lost subscription is back. */
  onChange(listener: () => void): void;
  /** Stops listening; the connections are the caller's. */
  close(): void;
}

export function createCredentialChanges(deps: {
  /** A connection that publishes (any ordinary one). */
  publisher: RedisClient;
  /** A connection in subscriber mode (the process's one), or none to only publish. */
  subscriber?: RedisClient;
  channel: string;
  logger: Logger;
}): CredentialChanges {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const onMessage = (channel: string) => {
    if (channel === deps.channel) notify();
  };
  // While the subscriber was disconnected, changes went unheard: forget everything once it is back.
  const onReady = () => notify();
  const { subscriber } = deps;
  if (subscriber) {
    subscriber.subscribe(deps.channel).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'cannot subscribe to credential changes; caches expire by themselves');
    });
    subscriber.on('message', onMessage);
    subscriber.on('ready', onReady);
  }
  return {
    announce() {
      deps.publisher
        .publish(deps.channel, 'changed')
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'credential change not announced'));
    },
    onChange: (listener) => void listeners.add(listener),
    close() {
      subscriber?.off('message', onMessage);
      subscriber?.off('ready', onReady);
      listeners.clear();
    },
  };
}
