import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { findCommentById } from '../db/comments-repository';
import { principalOf, type Auth } from '../http/auth';
import { siteScope } from '../access/principal';
import type { ClaimStore } from './claims';

/**
 * POST /v1/review/items/:id/claim claims (or renews) an item for CLAIM_TTL_SECONDS;
 * DELETE releases it. Only items the caller may see can be claimed.
 */
export function createClaimRouter(deps: { pool: Pool; auth: Auth; claims: ClaimStore }): Router {
  const router = Router();
  const visibleItem = async (principal: ReturnType<typeof principalOf>, id: unknown) => {
    const parsed = z.uuid().safeParse(id);
    const comment = parsed.success
      ? await findCommentById(deps.pool, parsed.data, siteScope(principal))
      : null;
    if (!comment) throw new NotFoundError(`Review item ${String(id)}`);
    return comment.id;
  };

  router.post('/v1/review/items/:id/claim', deps.auth.moderator, async (req, res) => {
    const principal = principalOf(req);
    const id = await visibleItem(principal, req.params.id);
    const claimedBy = await deps.claims.claim(principal, id);
    res.json({ id, claimedBy, ttlSeconds: deps.claims.ttlSeconds });
  });

  router.delete('/v1/review/items/:id/claim', deps.auth.moderator, async (req, res) => {
    const principal = principalOf(req);
    await deps.claims.release(principal, await visibleItem(principal, req.params.id));
    res.status(204).end();
  });

  return router;
}
