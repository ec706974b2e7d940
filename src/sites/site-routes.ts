import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { findSiteById, listSites, type Site } from '../db/sites-repository';
import { listModerators } from '../db/moderators-repository';
import { principalOf, type Auth } from '../http/auth';
import type { Credentials } from '../access/credentials';
import { listPolicyChanges } from '../db/policy-changes-repository';
import { decodeCursor, page } from '../http/cursor';
import { parseOr400 } from '../http/validate';
import type { Pool } from 'pg';
import type { CallbackUrlCheck } from '../delivery/delivery-service';
import {
  changeSite,
  createModerator,
  createModeratorSchema,
  createSite,
  createSiteSchema,
  rotateKeySchema,
  rotateSiteKey,
  updateSiteSchema,
} from './sites-service';

const idParams = z.object({ id: z.uuid() });
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
const siteCursor = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });
const idCursor = z.object({ id: z.string().regex(/^\d+$/) });

/** Reads the :id of a site; a malformed id cannot name a site, so it is a 404. */
function siteId(params: unknown): string {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError('Site');
  return parsed.data.id;
}

/** Admin routes: sites, their keys and policies, and moderators. */
export function createSiteRouter(deps: {
  pool: Pool;
  auth: Auth;
  /** Forgotten after a key rotation: a cached old key must not outlive its grace. */
  credentials: Pick<Credentials, 'forget'>;
  keyGraceSeconds: number;
  /** The SSRF check of a callback URL; refuses with a 400 at body.callbackUrl. */
  checkCallbackUrl: CallbackUrlCheck;
}): Router {
  const { pool, auth } = deps;
  const router = Router();
  router.use(['/v1/sites', '/v1/moderators'], auth.admin);

  router.post('/v1/sites', async (req, res) => {
    const input = parseOr400(createSiteSchema, req.body);
    await deps.checkCallbackUrl(input.callbackUrl);
    const site = await createSite(pool, input);
    res.status(201).location(`/v1/sites/${site.id}`).json(site);
  });

  router.get('/v1/sites', async (req, res) => {
    const query = parseOr400(listQuery, req.query, 'query');
    const after = decodeCursor(siteCursor, query.cursor);
    const sites = await listSites(pool, { ids: null, limit: query.limit, after });
    res.json(
      page(
        sites,
        query.limit,
        (site) => site,
        (site: Site) => ({ createdAt: site.createdAt, id: site.id }),
      ),
    );
  });

  router.get('/v1/sites/:id', async (req, res) => {
    const site = await findSiteById(pool, siteId(req.params));
    if (!site) throw new NotFoundError(`Site ${req.params.id}`);
    res.json(site);
  });

  router.patch('/v1/sites/:id', async (req, res) => {
    const principal = principalOf(req);
    const id = siteId(req.params);
    const input = parseOr400(updateSiteSchema, req.body);
    await deps.checkCallbackUrl(input.callbackUrl);
    res.json(await changeSite(pool, principal, id, input));
  });

  router.get('/v1/sites/:id/policy-changes', async (req, res) => {
    const id = siteId(req.params);
    const query = parseOr400(listQuery, req.query, 'query');
    if (!(await findSiteById(pool, id))) throw new NotFoundError(`Site ${id}`);
    const before = decodeCursor(idCursor, query.cursor)?.id ?? null;
    const changes = await listPolicyChanges(pool, id, { limit: query.limit, before });
    res.json(
      page(
        changes,
        query.limit,
        (change) => change,
        (change) => ({ id: change.id }),
      ),
    );
  });

  router.post('/v1/sites/:id/rotate-key', async (req, res) => {
    const id = siteId(req.params);
    const { graceSeconds = deps.keyGraceSeconds } = parseOr400(rotateKeySchema, req.body ?? {});
    const rotated = await rotateSiteKey(pool, id, graceSeconds);
    deps.credentials.forget();
    res.json(rotated);
  });

  router.post('/v1/moderators', async (req, res) => {
    const moderator = await createModerator(pool, parseOr400(createModeratorSchema, req.body));
    res.status(201).json(moderator);
  });

  router.get('/v1/moderators', async (_req, res) => {
    res.json({ items: await listModerators(pool), nextCursor: null });
  });

  return router;
}
