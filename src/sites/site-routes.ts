import { Router } from 'express';
import { z } from 'zod';
import { principalOf, type Auth } from '../http/auth';
import { createPager, idPager, pageQuery } from '../http/pager';
import { provider, uuidParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import {
  createSiteSchema,
  rotateKeySchema,
  updateSiteSchema,
  type SitePosition,
  type SitesService,
} from './sites-service';
import { policySchemaDocument } from './policy-schema';

export const listQuery = z.object(pageQuery);
const byCreation = createPager(
  z.object({ createdAt: z.iso.datetime(), id: z.uuid() }),
  (site: SitePosition): SitePosition => ({ createdAt: site.createdAt, id: site.id }),
);

/** Admin routes: sites, their keys and policies. */
export function createSiteRouter(deps: { auth: Auth; sites: SitesService }): Router {
  const { sites } = deps;
  const withSite = provider('Site', 'id', (id) => sites.find(id));
  const router = Router();
  router.use('/v1/sites', deps.auth.admin);

  router.post('/v1/sites', async (req, res) => {
    const site = await inputFrom('body', sites.create(parseOr400(createSiteSchema, req.body)));
    res.status(201).location(`/v1/sites/${site.id}`).json(site);
  });

  router.get('/v1/sites', async (req, res) => {
    const query = parseOr400(listQuery, req.query, 'query');
    const rows = await sites.list({ limit: query.limit, after: byCreation.after(query.cursor) });
    res.json(byCreation.page(rows, query.limit));
  });

  // Before /v1/sites/:id, which would take "policy-schema" for an id.
  router.get('/v1/sites/policy-schema', (_req, res) => {
    res.json(policySchemaDocument());
  });

  router.get(
    '/v1/sites/:id',
    withSite((_req, res, site) => {
      res.json(site);
    }),
  );

  router.patch('/v1/sites/:id', async (req, res) => {
    const id = uuidParam(req, 'id', 'Site');
    const input = parseOr400(updateSiteSchema, req.body);
    res.json(await inputFrom('body', sites.change(principalOf(req), id, input)));
  });

  router.get('/v1/sites/:id/policy-changes', async (req, res) => {
    const id = uuidParam(req, 'id', 'Site');
    const query = parseOr400(listQuery, req.query, 'query');
    const changes = await sites.policyChanges(id, {
      limit: query.limit,
      before: idPager.after(query.cursor)?.id ?? null,
    });
    res.json(idPager.page(changes, query.limit));
  });

  router.post('/v1/sites/:id/rotate-key', async (req, res) => {
    const id = uuidParam(req, 'id', 'Site');
    const { graceSeconds } = parseOr400(rotateKeySchema, req.body ?? {});
    res.json(await sites.rotateKey(id, graceSeconds));
  });

  return router;
}
