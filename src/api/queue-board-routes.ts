import { Router, type Express, type RequestHandler } from 'express';
import { AppError } from '../errors';
import { contentSecurityPolicy } from 'helmet';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { allQueues, type Queues } from '../queues';
import type { SessionsService } from '../sessions/sessions-service';
import { readSessionCookie } from '../http/session-cookie';
import { setRouteLabel } from '../http/request-metrics';

export const QUEUE_BOARD_PATH = '/admin/queues';

export interface QueueBoardDeps {
  sessions: Pick<SessionsService, 'find'>;
  queues: Queues;
  /** The admin middleware (auth.admin): ADMIN_TOKEN, an admin moderator's token or their dashboard session. */
  admin: RequestHandler;
}

/**
 * Bull Board's page allows inline styles (its loading screen and React's style attributes) and data:
 * images, but no inline script: its scripts are its own files, and its config is a JSON data block.
 * Nothing is loaded from outside the service: its Google Fonts link is taken out of the page
 * (withoutExternalFonts), and it falls back to the system's fonts.
 */
function createBoardCsp(): RequestHandler {
  return contentSecurityPolicy({
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const EXTERNAL_STYLESHEET = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*rel="stylesheet"[^>]*>\s*/g;

/**
 * Renders the board's page without its stylesheet links to other hosts (Google Fonts): the CSP would
 * refuse them anyway, with an error in the console of every admin who opens the board.
 */
function withoutExternalFonts(board: Express): void {
  const render = (board as unknown as { engines: Record<string, RenderFile> }).engines['.ejs'];
  if (!render) return;
  board.engine('ejs', (file, options, done) =>
    render(file, options, (error, html) => done(error, html?.replace(EXTERNAL_STYLESHEET, ''))),
  );
}
type RenderFile = (file: string, options: object, done: (error: Error | null, html?: string) => void) => void;

const PAGE_TEXT: Record<number, { title: string; text: string; link: string }> = {
  401: {
    title: 'Sign in first',
    text: 'The queue board is for signed-in admins.',
    link: 'Sign in to the dashboard',
  },
  403: {
    title: 'Admins only',
    text: 'The queue board shows and changes every job of every site: only admins may open it.',
    link: 'Back to the dashboard',
  },
};

/**
 * A person who opens the board's page without the right gets a page that says so, with a way back,
 * instead of a JSON problem; the board's API answers problems as the rest of the API does.
 */
function pageForBrowsers(admin: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await admin(req, res, next);
    } catch (error) {
      const page = error instanceof AppError ? PAGE_TEXT[error.status] : undefined;
      if (!page || req.method !== 'GET' || req.accepts(['json', 'html']) !== 'html') throw error;
      res
        .status((error as AppError).status)
        .type('html')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page.title}</title></head>` +
            `<body><main><h1>${page.title}</h1><p>${page.text}</p>` +
            `<p><a href="../dashboard/">${page.link}</a></p></main></body></html>`,
        );
    }
  };
}

/**
 * Bull Board's page cannot send the dashboard's x-csrf-token with its actions (pause, retry, clean).
 * For a cookie-authenticated change, a browser's `Sec-Fetch-Site: same-origin` proves what the token
 * proves: the request comes from a page of this origin (scripts cannot set Sec- headers, and
 * SameSite=Strict already keeps the cookie from other sites). Such a request is given its session's
 * token, so the admin middleware's CSRF check passes; anything else is left for it to refuse.
 */
function createSameOriginCsrf(sessions: Pick<SessionsService, 'find'>): RequestHandler {
  return async (req, _res, next) => {
    const bridged =
      !SAFE_METHODS.has(req.method) &&
      !req.headers.authorization &&
      req.headers['x-csrf-token'] === undefined &&
      req.headers['sec-fetch-site'] === 'same-origin';
    const sessionId = bridged ? readSessionCookie(req) : null;
    const session = sessionId ? await sessions.find(sessionId) : null;
    if (session) req.headers['x-csrf-token'] = session.csrfToken;
    next();
  };
}

/**
 * Bull Board for operators at /admin/queues, admins only: the page, its assets and its API (which
 * retries, promotes and removes jobs) all sit behind the admin middleware. Its CSP replaces any
 * app-wide one for this path only.
 */
export function createQueueBoardRouter(deps: QueueBoardDeps): Router {
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: allQueues(deps.queues).map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Comment moderation queues', hideDocsLink: true } },
  });
  withoutExternalFonts(serverAdapter.getRouter() as Express);
  const router = Router();
  router.use(
    QUEUE_BOARD_PATH,
    (_req, res, next) => {
      // Its API routes are named by the board's own router; its assets get one label.
      setRouteLabel(res, `${QUEUE_BOARD_PATH}/*`);
      next();
    },
    createSameOriginCsrf(deps.sessions),
    pageForBrowsers(deps.admin),
    createBoardCsp(),
    serverAdapter.getRouter(),
  );
  return router;
}
