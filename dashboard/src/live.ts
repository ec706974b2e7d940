import type { LiveEvent } from './types';

export type LiveListener = (event: LiveEvent) => void;

/**
 * The page's live connection (Server-Sent Events of GET /v1/review/events): one per signed-in page,
 * shared by the views. While it is down the views poll; EventSource reconnects by itself.
 */
export function createLiveFeed(onState: (connected: boolean) => void) {
  const listeners = new Set<LiveListener>();
  let connected = false;
  const setConnected = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    onState(value);
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
    close(): void {
      source.close();
      listeners.clear();
      setConnected(false);
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
