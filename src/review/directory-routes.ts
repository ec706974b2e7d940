import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { listModerators } from '../db/moderators-repository';
import { listSites } from '../db/sites-repository';
import { listPolicyChangesForAudit } from '../db/policy-changes-repository';
import { principalOf, type Auth } from '../http/auth';
import { requestedScope, siteScope } from '../access/principal';
import { decodeCursor, page } from '../http/cursor';
import { parseOr400 } from '../http/validate';

export const policyAuditQuery = z.object({
  siteId: z.uuid().optional(),
  moderatorId: z.uuid().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
const idCursor = z.object({ id: z.string().regex(/^\d+$/) });

/**
 * What a moderator's dashboard needs beyond the review API: the names of the sites they moderate
 * and of their colleagues (GET /v1/review/directory), and the policy changes of those sites
 * (GET /v1/audit/policy-changes). Never keys, secrets or other sites.
 */
export function createDirectoryRouter(deps: { pool: Pool; auth: Auth }): Router {
  const { pool, auth } = deps;
  const router = Router();

  router.get('/v1/review/directory', auth.moderator, async (req, res) => {
    const scope = siteScope(principalOf(req));
    const [sites, moderators] = await Promise.all([
      listSites(pool, { ids: scope, limit: 10_000, after: null }),
      listModerators(pool),
    ]);
    // Colleagues are moderators who share a site with the reader, and the admins.
    const colleagues = scope
      ? moderators.filter((m) => m.role === 'admin' || m.siteIds.some((id) => scope.includes(id)))
      : moderators;
    res.json({
      sites: sites.map((site) => ({ id: site.id, name: site.name })),
      moderators: colleagues.map((m) => ({ id: m.id, name: m.name, role: m.role })),
    });
  });

  router.get('/v1/audit/policy-changes', auth.moderator, async (req, res) => {
    const query = parseOr400(policyAuditQuery, req.query, 'query');
    const changes = await listPolicyChangesForAudit(pool, {
      siteIds: requestedScope(principalOf(req), query.siteId),
      moderatorId: query.moderatorId ?? null,
      since: query.since ?? null,
      until: query.until ?? null,
      limit: query.limit,
      before: decodeCursor(idCursor, query.cursor)?.id ?? null,
    });
    res.json(
      page(
        changes,
        query.limit,
        (change) => change,
        (change) => ({ id: change.id }),
      ),
    );
  });

  return router;
}
