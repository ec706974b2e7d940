import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { AppError, UnavailableError } from '../errors';
import type { Credentials } from '../access/credentials';
import { bearerToken } from '../http/auth';
import { rejectUnsafeBody } from '../http/text-guard';
import { akismetKeyOf } from './akismet-key';
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

/** A header value: printable ASCII only, which is all HTTP allows without encoding. */
const headerText = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

/** Akismet answers in plain text; what went wrong is in X-akismet-debug-help. */
function answer(res: Response, body: string, debugHelp?: string): void {
  if (debugHelp) res.set('x-akismet-debug-help', headerText(debugHelp));
  res.type('text/plain').send(body);
}

/** The host of the `blog` field, for the logs: any http(s) URL is accepted and none is compared (sites have no URL). */
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
    rejectUnsafeBody,
  );

  /** The site of the call's key, or null after answering "invalid". */
  const siteOrAnswerInvalid = async (req: Request, res: Response) => {
    const found = akismetKeyOf({
      form: (req.body ?? {}) as Record<string, unknown>,
      bearer: bearerToken(req),
      authorization: req.headers.authorization,
      hostname: req.hostname,
    });
    const site = found.key ? await deps.credentials.siteByKey(found.key) : null;
    if (!site) answer(res, 'invalid', found.hint ?? 'The API key is not valid.');
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
    const checked = await deps.akismet.check(site, form).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      // Without Redis (crowd index) or PostgreSQL the checks would run half-blind: refuse, retriably,
      // rather than answer "false" for a comment nothing looked at.
      req.log.warn({ err: error, siteId: site.id }, 'akismet comment-check could not load its context');
      throw new UnavailableError('The comment could not be checked now (PostgreSQL or Redis). Retry later.');
    });
    req.log.info(
      {
        siteId: site.id,
        blog: blogHost(form.blog),
        guid: checked.guid,
        spam: checked.spam,
        action: checked.verdict?.action ?? null,
        score: checked.verdict?.score ?? null,
      },
      'akismet comment checked',
    );
    res.set('x-akismet-guid', checked.guid);
    // What the policy would reject outright may be discarded unseen.
    if (checked.discard) res.set('x-akismet-pro-tip', 'discard');
    answer(res, checked.spam ? 'true' : 'false');
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
    res.set(
      'x-akismet-debug-help',
      exposed ? headerText(help) : 'The service could not answer; retry later.',
    );
    next(error);
  };
  router.use('/1.1', debugHelp);
  return router;
}
