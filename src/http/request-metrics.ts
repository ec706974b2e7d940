import type { Request, RequestHandler, Response } from 'express';
import type { Metrics } from '../metrics';

/** Where a router that answers without an Express route (a sub-app, static files) puts its own label. */
const ROUTE_LABEL = 'metricsRoute';

/** Sets the `route` label of this request's metrics: for handlers Express cannot name (static files, sub-apps). */
export function setRouteLabel(res: Response, label: string): void {
  res.locals[ROUTE_LABEL] = label;
}

interface StackLayer {
  route?: { path: unknown };
  handle?: { stack?: unknown };
}

/** The static leading segments of every route pattern registered on the app, e.g. `/v1/comments`. */
function staticPrefixes(stack: unknown, into = new Set<string>()): Set<string> {
  if (!Array.isArray(stack)) return into;
  for (const layer of stack as StackLayer[]) {
    const paths = layer.route ? [layer.route.path].flat() : [];
    for (const path of paths) {
      if (typeof path !== 'string') continue;
      const cut = path.search(/[:*{(]/);
      const prefix = (cut < 0 ? path : path.slice(0, cut)).replace(/\/+$/, '');
      if (prefix) into.add(prefix);
    }
    staticPrefixes(layer.handle?.stack, into);
  }
  return into;
}

/**
 * Counts and times every answered request by route pattern, never by raw path, so the label set stays
 * bounded whatever clients send. A request refused before any route matched (a router-level
 * authentication, a body limit) is labelled by the longest registered static prefix it falls under,
 * e.g. `/v1/comments/*`; a 404 is `unmatched`.
 */
export function createRequestMetrics(metrics: Pick<Metrics, 'request'>): RequestHandler {
  let prefixes: string[] | undefined;
  const routeOf = (req: Request, res: Response): string => {
    if (req.route) return req.baseUrl + [req.route.path].flat().join('|');
    const label: unknown = res.locals[ROUTE_LABEL];
    if (typeof label === 'string') return label;
    if (res.statusCode === 404) return 'unmatched';
    // Routes are all registered before the first request is answered.
    prefixes ??= [...staticPrefixes((req.app.router as { stack?: unknown }).stack)].sort(
      (a, b) => b.length - a.length,
    );
    const path = req.originalUrl.split('?')[0] ?? '';
    const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}/`));
    if (!prefix) return 'unrouted';
    return path === prefix ? prefix : `${prefix}/*`;
  };

  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.request(req.method, routeOf(req, res), res.statusCode, seconds);
    });
    next();
  };
}
