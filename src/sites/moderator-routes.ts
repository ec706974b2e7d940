import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import type { Auth } from '../http/auth';
import type { Credentials } from '../access/credentials';
import { parseOr400 } from '../http/validate';
import { changeModerator, updateModeratorSchema } from './moderators-service';

/** PATCH /v1/moderators/:id for admins: name, role, sites and the dashboard password. */
export function createModeratorRouter(deps: {
  pool: Pool;
  auth: Auth;
  credentials: Pick<Credentials, 'forget'>;
}): Router {
  const router = Router();
  router.patch('/v1/moderators/:id', deps.auth.admin, async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    if (!id.success) throw new NotFoundError(`Moderator ${req.params.id}`);
    const moderator = await changeModerator(deps.pool, id.data, parseOr400(updateModeratorSchema, req.body));
    // Bearer tokens are cached briefly: the new role and sites must apply now.
    deps.credentials.forget();
    res.json(moderator);
  });
  return router;
}
