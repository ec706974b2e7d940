import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { AppError, UnavailableError } from '../errors';
import type { Credentials } from '../access/credentials';
import { bearerToken } from '../http/auth';
import { createAkismetCommentSchema, parseAkismetForm, verifyKeyFormSchema } from './akismet-schema';
import type { AkismetService } from './akismet-service';

/** What Akismet answers to a submit-spam or submit-ham, word for word: clients compare it. */
export const AKISMET_THANKS = 'Thanks for making the web a better place.';
/** The paths of the Akismet-compatible API, as Akismet names them. */
export const AKISMET_PATHS = {
  verifyKey: '/1.1/verify-key',
  commentCheck: '/1.1/comment-check',
  submitSpam: '/1.1/submit-spam',
  submitHam: '/1.1/submit-ham',
} as const;

const MAX_KEY_CHARS = 200;

/**
 * The API key of an Akismet call: the `api_key` form field (Akismet's current way), `key` (older
 * clients' verify-key), or the Authorization header, as a bearer token or as the Basic user name.
 * The last serves clients that put the key in the host name (`<key>.rest.akismet.com`), which
 * cannot carry our case-sensitive keys: they are pointed at `<key>.@host`, a URL user name.
 */
function keyOf(req: Request): string | null {
  const body = (req.body ?? {}) as Record<string, unknown>;
  let key: string | undefined;
  for (const field of ['api_key', 'key']) {
    if (!key && typeof body[field] === 'string' && body[field]) key = body[field];
  }
  const header = req.headers.authorization ?? '';
  key ??= bearerToken(req) ?? undefined;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!key && basic) key = Buffer.from(basic, 'base64').toString('utf8').split(':')[0]!.replace(/\.$/, '');
  return key && key.length <= MAX_KEY_CHARS ? key : null;
}

/** Akismet answers in plain text; what went wrong is in X-akismet-debug-help. */
function answer(res: Response, body: string, debugHelp?: string): void {
  if (debugHelp) res.set('x-akismet-debug-help', debugHelp);
  res.type('text/plain').send(body);
}

/** The host of the `blog` field, for the logs: every blog is accepted and none is compared (sites have no URL). */
function blogHost(blog: unknown): string | undefined {
  try {
    return typeof blog === 'string' ? new URL(blog).host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Akismet-compatible API (form-encoded, as Akismet documents it), so that existing Akismet
 * clients can use this service by changing the host. Request errors are answered as Akismet does:
 * 200 with "invalid" or a message, and X-akismet-debug-help.
 */
export function createAkismetRouter(deps: {
  akismet: AkismetService;
  credentials: Pick<Credentials, 'siteByKey'>;
  maxBodyBytes: number;
  maxContentChars: number;
}): Router {
  const router = Router();
  const commentSchema = createAkismetCommentSchema(deps.maxContentChars);
  // Percent-encoding triples every non-ASCII byte, so a form needs more room than the same JSON.
  // Akismet clients add server variables to the form; a couple of hundred fields is plenty.
  router.use(
    '/1.1',
    express.urlencoded({ extended: false, limit: deps.maxBodyBytes * 3, parameterLimit: 200 }),
  );

  /** The site of the call's key, or null after answering "invalid". */
  const siteOrAnswerInvalid = async (req: Request, res: Response) => {
    const key = keyOf(req);
    const site = key ? await deps.credentials.siteByKey(key) : null;
    if (!site) answer(res, 'invalid', key ? 'The API key is not valid.' : 'Send the API key as api_key.');
    return site;
  };

  router.post(AKISMET_PATHS.verifyKey, async (req, res) => {
    const site = await siteOrAnswerInvalid(req, res);
    if (!site) return;
    const { problem } = parseAkismetForm(verifyKeyFormSchema, req.body);
    if (problem) return answer(res, 'invalid', problem);
    req.log.info({ siteId: site.id, blog: blogHost(req.body.blog) }, 'akismet key verified');
    answer(res, 'valid');
  });

  router.post(AKISMET_PATHS.commentCheck, async (req, res) => {
    const site = await siteOrAnswerInvalid(req, res);
    if (!site) return;
    const { form, problem } = parseAkismetForm(commentSchema, req.body);
    if (!form) return answer(res, problem, problem);
    const verdict = await deps.akismet.check(site, form).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      // Without Redis (crowd index) or PostgreSQL the checks would run half-blind: refuse, retriably,
      // rather than answer "false" for a comment nothing looked at.
      req.log.warn({ err: error, siteId: site.id }, 'akismet comment-check could not load its context');
      throw new UnavailableError('The comment could not be checked now (PostgreSQL or Redis). Retry later.');
    });
    const action = verdict?.action ?? 'approve';
    req.log.info(
      { siteId: site.id, blog: blogHost(form.blog), action, score: verdict?.score ?? null },
      'akismet comment checked',
    );
    // Akismet has only spam or not: whatever the policy would not publish is spam, and what it
    // would reject outright may be discarded unseen.
    if (action === 'reject') res.set('x-akismet-pro-tip', 'discard');
    answer(res, action === 'approve' ? 'false' : 'true');
  });

  for (const [path, label] of [
    [AKISMET_PATHS.submitSpam, 'spam'],
    [AKISMET_PATHS.submitHam, 'ham'],
  ] as const) {
    router.post(path, async (req, res) => {
      const site = await siteOrAnswerInvalid(req, res);
      if (!site) return;
      const { form, problem } = parseAkismetForm(commentSchema, req.body);
      if (!form) return answer(res, problem, problem);
      const lesson = await deps.akismet.learn(site, form, label);
      req.log.info(
        { siteId: site.id, blog: blogHost(form.blog), label, lesson },
        'akismet submission learned',
      );
      answer(res, AKISMET_THANKS);
    });
  }

  // Anything thrown (a body over the limit, PostgreSQL or Redis down) is still a problem document
  // from the app's error handler; Akismet clients read the reason from this header.
  const debugHelp: ErrorRequestHandler = (error, _req, res, next) => {
    const exposed = error instanceof AppError || (error as { expose?: unknown }).expose === true;
    const help = error instanceof AppError ? (error.detail ?? error.title) : (error as Error).message;
    res.set('x-akismet-debug-help', exposed ? help : 'The service could not answer; retry later.');
    next(error);
  };
  router.use('/1.1', debugHelp);
  return router;
}
