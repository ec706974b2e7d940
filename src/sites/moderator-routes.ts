import { Router } from 'express';
import type { Auth } from '../http/auth';
import { uuidParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import { createModeratorSchema, updateModeratorSchema, type ModeratorsService } from './moderators-service';

/** Admin routes of moderators: create, list, and change name, role, sites and dashboard password. */
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
    res.json(await inputFrom('body', moderators.change(id, parseOr400(updateModeratorSchema, req.body))));
  });

  return router;
}
