import { Router, type Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { principalOf, type Auth } from '../http/auth';
import { idPager } from '../http/pager';
import { inputFrom, parseOr400 } from '../http/validate';
import { auditFilter, auditListQuery } from '../review/audit-routes';
import { authorActionSchema, authorKeySchema, type AuthorActionsService } from './author-actions-service';
import type { ErasureService } from '../privacy/erasure-service';

/** The site an author is looked at on: author keys are per site. */
export const authorQuery = z.object({ siteId: z.uuid() });

/** The list of author actions: the audit filters, and one author. */
export const authorActionsQuery = auditListQuery.extend({ authorKey: authorKeySchema.optional() });

/** The :authorKey of the path; one that cannot be an author key names nothing, so it is a 404. */
function authorKeyParam(req: Request): string {
  const parsed = authorKeySchema.safeParse(req.params.authorKey);
  if (!parsed.success) throw new NotFoundError(`Author ${String(req.params.authorKey)}`);
  return parsed.data;
}

/**
 * Routes on authors of a site: moderators read an author's standing and history and act on them;
 * admins erase one person's data.
 */
export function createAuthorRouter(deps: {
  auth: Auth;
  authors: AuthorActionsService;
  erasure: ErasureService;
}): Router {
  const { authors } = deps;
  const router = Router();
  router.use(['/v1/authors', '/v1/audit/author-actions'], deps.auth.moderator);

  router.get('/v1/authors/:authorKey', async (req, res) => {
    const authorKey = authorKeyParam(req);
    const { siteId } = parseOr400(authorQuery, req.query, 'query');
    res.json(await authors.author(principalOf(req), siteId, authorKey));
  });

  router.delete('/v1/authors/:authorKey', deps.auth.admin, async (req, res) => {
    const authorKey = authorKeyParam(req);
    const { siteId } = parseOr400(authorQuery, req.query, 'query');
    res.json(await deps.erasure.erase(principalOf(req), siteId, authorKey));
  });

  router.post('/v1/authors/:authorKey/actions', async (req, res) => {
    const authorKey = authorKeyParam(req);
    const input = parseOr400(authorActionSchema, req.body);
    res.status(201).json(await inputFrom('body', authors.act(principalOf(req), authorKey, input)));
  });

  router.get('/v1/audit/author-actions', async (req, res) => {
    const query = parseOr400(authorActionsQuery, req.query, 'query');
    const actions = await authors.list(principalOf(req), {
      ...auditFilter(query),
      authorKey: query.authorKey ?? null,
    });
    res.json(idPager.page(actions, query.limit));
  });

  return router;
}
