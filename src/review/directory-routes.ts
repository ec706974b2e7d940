import { Router } from 'express';
import { principalOf, type Auth } from '../http/auth';
import { idPager } from '../http/pager';
import { parseOr400 } from '../http/validate';
import type { DirectoryService } from './directory-service';
import { auditFilter, auditListQuery } from './audit-routes';

/**
 * What a moderator's dashboard needs beyond the review API: the names of the sites they moderate
 * and of their colleagues (GET /v1/review/directory), and the policy changes of those sites
 * (GET /v1/audit/policy-changes).
 */
export function createDirectoryRouter(deps: { auth: Auth; directory: DirectoryService }): Router {
  const { auth, directory } = deps;
  const router = Router();

  router.get('/v1/review/directory', auth.moderator, async (req, res) => {
    res.json(await directory.directory(principalOf(req)));
  });

  router.get('/v1/audit/policy-changes', auth.moderator, async (req, res) => {
    const query = parseOr400(auditListQuery, req.query, 'query');
    const changes = await directory.policyChanges(principalOf(req), auditFilter(query));
    res.json(idPager.page(changes, query.limit));
  });

  return router;
}
