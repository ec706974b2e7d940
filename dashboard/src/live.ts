import type { LiveEvent } from './types';

export type LiveListener = (event: LiveEvent) => void;

/**
 * The page's live connection (Server-Sent Events of GET /v1/review/events): one per signed-in page,
 * shared by the views. While it is down the views poll; EventSource reconnects by itself.
 */
export function createLiveFeed() {
  const listeners = new Set<LiveListener>();
  const watchers = new Set<(connected: boolean) => void>();
  let connected = false;
  const setConnected = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    for (const watcher of watchers) watcher(value);
  };
  const source = new EventSource(new URL('../v1/review/events', location.href), { withCredentials: true });
  source.addEventListener('ready', () => setConnected(true));
  source.addEventListener('error', () => setConnected(false));
  for (const type of ['held', 'decided', 'claimed', 'released'] as const) {
    source.addEventListener(type, (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
      for (const listener of listeners) listener(event);
    });
  }
  return {
    connected: () => connected,
    subscribe(listener: LiveListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Calls back when the connection comes up or goes down (after a gap, re-read: events were missed). */
    watch(watcher: (connected: boolean) => void): () => void {
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
    close(): void {
      source.close();
      setConnected(false);
      listeners.clear();
      watchers.clear();
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
