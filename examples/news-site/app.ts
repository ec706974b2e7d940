import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import express, { type Express, type Request, type Response } from 'express';
import { Webhook } from 'standardwebhooks';
import { ARTICLE, CONTENT_SECURITY_POLICY, STYLESHEET, renderArticlePage, type Article } from './html';
import { submitComment, type SubmitResult } from './moderation-client';
import { CommentStore, type ModerationStatus } from './store';

export interface ExampleDeps {
  /** Where the moderation service runs, e.g. http://127.0.0.1:3000. */
  moderationUrl: string;
  /** The site's apiKey (sk-…). */
  apiKey: string;
  /** The site's webhookSecret (whsec_…): verifies the service's callbacks. */
  webhookSecret: string;
  /** Seconds to wait for the verdict when posting (`Prefer: wait`); 2 by default. */
  waitSeconds?: number;
  store?: CommentStore;
  article?: Article;
  /** Ids and codes only: never comment text, e-mail addresses or IPs. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ExampleApp {
  app: Express;
  store: CommentStore;
}

const STATUSES: readonly ModerationStatus[] = ['queued', 'approved', 'pending_review', 'rejected'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/** The reader's address as the service accepts it (IPv4-mapped IPv6 written as IPv4). */
const clientIp = (req: Request): string | undefined => {
  const ip = req.ip?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return ip && isIP(ip) ? ip : undefined;
};

/**
 * The example news site: an article page with its approved comments and a reply form, the form's
 * handler that hands each comment to the moderation service, and the endpoint that receives the
 * service's signed verdict callbacks. Does not listen; main.ts (or a test) does.
 */
export function createExampleApp(deps: ExampleDeps): ExampleApp {
  const store = deps.store ?? new CommentStore();
  const article = deps.article ?? ARTICLE;
  const log = deps.log ?? (() => undefined);
  const webhook = new Webhook(deps.webhookSecret);
  const client = { baseUrl: deps.moderationUrl, apiKey: deps.apiKey, waitSeconds: deps.waitSeconds ?? 2 };

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, set 'trust proxy' so that req.ip is the reader's address.
  app.use((_req, res, next) => {
    res.set({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    next();
  });

  const page = (
    res: Response,
    status: number,
    extra: Parameters<typeof renderArticlePage>[0]['notice'],
    values = {},
  ) =>
    res
      .status(status)
      .type('html')
      .send(
        renderArticlePage({
          article,
          comments: store.published(),
          notice: extra,
          renderedAt: new Date().toISOString(),
          values,
        }),
      );

  app.get('/style.css', (_req, res) => {
    res.type('css').send(STYLESHEET);
  });

  app.get('/', (req, res) => {
    const posted = typeof req.query.posted === 'string' ? store.get(req.query.posted) : undefined;
    const notice = posted
      ? {
          text:
            posted.status === 'approved'
              ? 'Thank you, your comment is published.'
              : 'Thank you, your comment is awaiting moderation.',
        }
      : undefined;
    page(res, 200, notice);
  });

  app.post('/comments', express.urlencoded({ extended: false, limit: '32kb' }), async (req, res) => {
    const values = {
      name: field(req.body, 'name').trim(),
      email: field(req.body, 'email').trim(),
      comment: field(req.body, 'comment'),
    };
    const problem =
      values.comment.trim() === ''
        ? 'Please write a comment.'
        : values.comment.length > 5000
          ? 'Comments are limited to 5000 characters.'
          : values.name === '' || values.name.length > 200
            ? 'Please give your name (up to 200 characters).'
            : values.email !== '' && (values.email.length > 320 || !EMAIL.test(values.email))
              ? 'Please give a valid e-mail address, or none.'
              : null;
    if (problem) {
      page(res, 400, { text: problem, error: true }, values);
      return;
    }

    // 1. Store the comment as pending first, so that a callback arriving before the answer finds it.
    const comment = store.add({
      id: `c-${randomUUID()}`,
      name: values.name,
      content: values.comment,
      createdAt: new Date(),
    });
    const renderedAt = field(req.body, 'renderedAt');
    const honeypot = field(req.body, 'website');

    // 2. Hand it to the moderation service; Prefer: wait gives the verdict at once when it is quick.
    let result: SubmitResult;
    try {
      result = await submitComment(client, {
        id: comment.id,
        content: comment.content,
        author: {
          name: values.name,
          ...(values.email ? { email: values.email } : {}),
          ...(clientIp(req) ? { ip: clientIp(req) } : {}),
          ...(req.get('user-agent') ? { userAgent: req.get('user-agent')!.slice(0, 1000) } : {}),
        },
        thread: { id: article.id, url: `${req.protocol}://${req.get('host')}/`, title: article.title },
        ...(honeypot ? { honeypot: honeypot.slice(0, 1000) } : {}),
        meta: renderedAt ? { renderedAt: renderedAt.slice(0, 40) } : {},
      });
    } catch (error) {
      // Unreachable or 5xx: the example drops the comment and lets the reader send it again.
      // A real site keeps it and retries in the background with the same id (idempotent).
      store.remove(comment.id);
      log('moderation service unavailable', { commentId: comment.id, error: String(error) });
      page(
        res,
        503,
        { text: 'Comments cannot be posted right now; please try again shortly.', error: true },
        values,
      );
      return;
    }
    if (result.kind === 'refused') {
      store.remove(comment.id);
      log('moderation service refused a comment', {
        commentId: comment.id,
        status: result.httpStatus,
        code: result.code,
      });
      const text =
        result.httpStatus === 400
          ? `Your comment could not be accepted: ${result.detail ?? 'invalid comment'}`
          : result.httpStatus === 429
            ? 'Too many comments right now; please try again in a minute.'
            : 'Comments cannot be posted right now; please try again shortly.';
      page(
        res,
        result.httpStatus === 400 || result.httpStatus === 429 ? result.httpStatus : 503,
        { text, error: true },
        values,
      );
      return;
    }
    // 3. 202: queued; 200: the verdict is known already. Either way, record what the service said.
    store.applyVerdict(comment.id, result.status, result.version);
    log('comment sent', { commentId: comment.id, status: result.status, version: result.version });
    // Post/Redirect/Get: the page says "published" or "awaiting moderation".
    res.redirect(303, `/?posted=${encodeURIComponent(comment.id)}#comments`);
  });

  // Verdict callbacks: verify the signature over the raw bytes (never re-serialized JSON).
  app.post('/moderation-callback', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let event: unknown;
    try {
      event = webhook.verify(raw, {
        'webhook-id': req.get('webhook-id') ?? '',
        'webhook-timestamp': req.get('webhook-timestamp') ?? '',
        'webhook-signature': req.get('webhook-signature') ?? '',
      });
    } catch {
      log('callback refused: bad signature', { webhookId: req.get('webhook-id') });
      res.sendStatus(401);
      return;
    }
    const { type, data } = event as { type?: unknown; data?: Record<string, unknown> };
    const externalId = data?.externalId;
    const status = data?.status as ModerationStatus;
    const version = data?.version;
    if (
      type !== 'comment.verdict' ||
      typeof externalId !== 'string' ||
      !STATUSES.includes(status) ||
      typeof version !== 'number'
    ) {
      res.sendStatus(204); // signed by the service but not for us: acknowledge, nothing to do
      return;
    }
    // Keeps the highest version per comment: a late retry of an older verdict changes nothing.
    const changed = store.applyVerdict(externalId, status, version);
    log('callback', { webhookId: req.get('webhook-id'), commentId: externalId, status, version, changed });
    res.sendStatus(204); // any 2xx tells the service the delivery is done
  });

  return { app, store };
}
