import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VerdictEvent } from '../../src/delivery/verdict-event';
import { verifyStandardWebhook } from './standard-webhooks';

/** One request the receiver got. */
export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How the receiver answers one request; `hang` never answers. */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  hang?: boolean;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  received: ReceivedCallback[];
  /** Decides the answer to each request, from its index (0 first) and the request. */
  answer: (index: number, callback: ReceivedCallback) => ReceiverAnswer;
  /** Resolves once `count` requests arrived; fails after timeoutMs. */
  waitForCount(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

/** A site's callback endpoint on 127.0.0.1 that records every request; answers 200 unless told otherwise. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const waiters: Array<() => void> = [];
  const hanging: Array<() => void> = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: () => ({ status: 200 }),
    waitForCount(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (receiver.received.length < count) return false;
          clearTimeout(timer);
          resolve(receiver.received.slice());
          return true;
        };
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} callbacks, got ${receiver.received.length}`)),
          timeoutMs,
        );
        const wake = () => {
          if (!check()) waiters.push(wake);
        };
        wake();
      });
    },
    async close() {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const callback = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const index = receiver.received.push(callback) - 1;
      for (const wake of waiters.splice(0)) wake();
      const answer = receiver.answer(index, callback);
      if (answer.hang) {
        hanging.push(() => res.destroy());
        return;
      }
      res.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/**
 * Verifies a callback as a site would, with a verifier written from the Standard Webhooks
 * specification (./standard-webhooks.ts), not with the library the service signs with; returns its
 * parsed body and throws when the signature does not verify with this secret.
 */
export function verifyCallback(secret: string, callback: ReceivedCallback): VerdictEvent {
  return verifyStandardWebhook(secret, callback.body, {
    id: String(callback.headers['webhook-id']),
    timestamp: String(callback.headers['webhook-timestamp']),
    signature: String(callback.headers['webhook-signature']),
  }) as VerdictEvent;
}
