import { once } from 'node:events';
import { Router } from 'express';
import { z } from 'zod';
import { instant } from '../validation';
import { principalOf, type Auth } from '../http/auth';
import { idPager, pageQuery } from '../http/pager';
import { parseOr400 } from '../http/validate';
import type { AuditExport } from './audit-export';
import type { ReviewService } from './review-service';

/** What both audit lists (decisions, policy changes) filter by: a site, a moderator, a time window; and the page. */
export const auditListQuery = z.object({
  siteId: z.uuid().optional(),
  moderatorId: z.uuid().optional(),
  since: instant().optional(),
  until: instant().optional(),
  ...pageQuery,
});

/** An audit list's filter from its query: newest first, from before the cursor's id. */
export function auditFilter(query: z.infer<typeof auditListQuery>) {
  return {
    siteId: query.siteId,
    moderatorId: query.moderatorId ?? null,
    since: query.since ?? null,
    until: query.until ?? null,
    limit: query.limit,
    before: idPager.after(query.cursor)?.id ?? null,
  };
}

export const auditQuery = auditListQuery.extend({
  /** Who decided; `human` is anyone but the worker (a moderator or the site's feedback). */
  decidedBy: z.enum(['auto', 'moderator', 'site', 'human']).optional(),
  action: z.enum(['approve', 'review', 'reject']).optional(),
});

const decisionFilter = (query: z.infer<typeof auditQuery>) => ({
  ...auditFilter(query),
  decidedBy: query.decidedBy ?? null,
  action: query.action ?? null,
});

/** The audit log of decisions (GET /v1/audit) and its CSV export (GET /v1/audit/export). */
export function createAuditRouter(deps: {
  auth: Auth;
  review: ReviewService;
  auditExport: AuditExport;
}): Router {
  const router = Router();

  router.get('/v1/audit', deps.auth.moderator, async (req, res) => {
    const query = parseOr400(auditQuery, req.query, 'query');
    const decisions = await deps.review.audit(principalOf(req), decisionFilter(query));
    res.json(idPager.page(decisions, query.limit));
  });

  router.get('/v1/audit/export', deps.auth.moderator, async (req, res) => {
    const {
      limit: _limit,
      before: _before,
      ...filter
    } = decisionFilter(parseOr400(auditQuery, req.query, 'query'));
    const rows = deps.auditExport.csv(principalOf(req), filter);
    // The first chunk is read before the headers go out, so a refused filter still answers a problem.
    const first = await rows.next();
    res.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    });
    if (!first.done) res.write(first.value);
    for await (const chunk of rows) {
      // A reader who went away stops the export; one who reads slowly is waited for.
      if (res.destroyed) return void (await rows.return(undefined));
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  });

  return router;
}
