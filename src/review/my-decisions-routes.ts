import { Router } from 'express';
import { z } from 'zod';
import { principalOf, type Auth } from '../http/auth';
import { idPager, pageQuery } from '../http/pager';
import { numericIdParam } from '../http/params';
import { parseOr400 } from '../http/validate';
import { undoBody, type MyDecisionsService } from './my-decisions-service';

const recentQuery = z.object(pageQuery);

/** "My recent decisions" (GET /v1/review/decisions/mine) and undo (POST /v1/review/decisions/:id/undo). */
export function createMyDecisionsRouter(deps: { auth: Auth; decisions: MyDecisionsService }): Router {
  const router = Router();

  router.get('/v1/review/decisions/mine', deps.auth.moderator, async (req, res) => {
    const query = parseOr400(recentQuery, req.query, 'query');
    const rows = await deps.decisions.recent(principalOf(req), {
      limit: query.limit,
      before: idPager.after(query.cursor)?.id ?? null,
    });
    res.json(idPager.page(rows, query.limit));
  });

  router.post('/v1/review/decisions/:decisionId/undo', deps.auth.moderator, async (req, res) => {
    const id = numericIdParam(req, 'decisionId', 'Decision');
    const input = parseOr400(undoBody, req.body ?? {});
    res.json(await deps.decisions.undo(principalOf(req), id, input));
  });

  return router;
}
