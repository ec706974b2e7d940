import { Router } from 'express';
import { principalOf, type Auth } from '../http/auth';
import { uuidParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import { createModeratorSchema, updateModeratorSchema, type ModeratorsService } from './moderators-service';

/**
 * Admin routes of moderators: create, list, change (name, role, sites, password, disabled), remove,
 * and reset a token.
 */
export function createModeratorRouter(deps: { auth: Auth; moderators: ModeratorsService }): Router {
  const { moderators } = deps;
  const router = Router();
  router.use('/v1/moderators', deps.auth.admin);

  router.post('/v1/moderators', async (req, res) => {
    const input = parseOr400(createModeratorSchema, req.body);
    res.status(201).json(await inputFrom('body', moderators.create(input)));
  });

  router.get('/v1/moderators', async (_req, res) => {
    res.json({ items: await moderators.list(), nextCursor: null });
  });

  router.patch('/v1/moderators/:id', async (req, res) => {
    const id = uuidParam(req, 'id', 'Moderator');
    const input = parseOr400(updateModeratorSchema, req.body);
    res.json(await inputFrom('body', moderators.change(principalOf(req), id, input)));
  });

  router.delete('/v1/moderators/:id', async (req, res) => {
    await moderators.remove(principalOf(req), uuidParam(req, 'id', 'Moderator'));
    res.status(204).end();
  });

  router.post('/v1/moderators/:id/reset-token', async (req, res) => {
    res.json(await moderators.resetToken(uuidParam(req, 'id', 'Moderator')));
  });

  return router;
}
