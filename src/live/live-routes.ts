import { Router } from 'express';
import { UnavailableError } from '../errors';
import { siteScope } from '../access/principal';
import { principalOf, type Auth } from '../http/auth';
import type { LiveHub } from './live-hub';

/**
 * GET /v1/review/events: Server-Sent Events of the reader's sites (held items, decisions, claims).
 * The dashboard opens it with EventSource (the session cookie goes along) and polls when it cannot.
 */
export function createLiveRouter(deps: { auth: Auth; live?: LiveHub }): Router {
  const router = Router();
  router.get('/v1/review/events', deps.auth.moderator, (req, res) => {
    const { live } = deps;
    if (!live) throw new UnavailableError('Live updates are not available here; poll the queue.');
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx would otherwise buffer the stream until it fills a buffer.
      'x-accel-buffering': 'no',
    });
    // Reconnect after 3 s if the connection drops; `ready` tells the page it is live from now on.
    res.write('retry: 3000\nevent: ready\ndata: {}\n\n');
    const disconnect = live.connect(siteScope(principalOf(req)), {
      event: (event) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
      ping: () => res.write(': ping\n\n'),
      end: () => res.end(),
    });
    req.on('close', disconnect);
  });
  return router;
}
