import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';
import {
  insertSite,
  findSiteById,
  setSiteKeyHash,
  updateSite,
  existingSiteIds,
  type Site,
} from '../db/sites-repository';
import { insertModerator, type Moderator, type Role } from '../db/moderators-repository';
import { defaultPolicy, policySchema } from '../moderation/policy';
import { generateSecret, generateWebhookSecret, hashSecret } from '../secrets';
import { parseOr400 } from '../http/validate';

const callbackUrl = z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2000);

export const createSiteSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    callbackUrl: callbackUrl.optional(),
    policy: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const updateSiteSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    callbackUrl: callbackUrl.nullable().optional(),
    policy: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const createModeratorSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(['admin', 'moderator']).default('moderator'),
    siteIds: z.array(z.uuid()).max(1000).default([]),
  })
  .strict();

/** A site with the secrets that are shown once, at creation or rotation. */
export type SiteWithSecrets = Site & { apiKey: string; webhookSecret: string };

/** A policy change is merged over the current policy, then the whole is validated. */
function mergePolicy(current: object, change: Record<string, unknown> | undefined) {
  return parseOr400(policySchema, { ...current, ...change }, 'body.policy');
}

export async function createSite(
  pool: Pool,
  input: z.infer<typeof createSiteSchema>,
): Promise<SiteWithSecrets> {
  const apiKey = generateSecret('sk');
  const webhookSecret = generateWebhookSecret();
  const site = await insertSite(pool, {
    name: input.name,
    callbackUrl: input.callbackUrl ?? null,
    policy: mergePolicy(defaultPolicy, input.policy),
    apiKeyHash: hashSecret(apiKey),
    webhookSecret,
  });
  return { ...site, apiKey, webhookSecret };
}

export async function changeSite(
  pool: Pool,
  id: string,
  input: z.infer<typeof updateSiteSchema>,
): Promise<Site> {
  const site = await findSiteById(pool, id);
  if (!site) throw new NotFoundError(`Site ${id}`);
  const updated = await updateSite(pool, id, {
    name: input.name,
    callbackUrl: input.callbackUrl,
    policy: input.policy ? mergePolicy(site.policy, input.policy) : undefined,
  });
  if (!updated) throw new NotFoundError(`Site ${id}`);
  return updated;
}

/** Issues a new API key; the old one stops working at once. */
export async function rotateSiteKey(pool: Pool, id: string): Promise<{ apiKey: string }> {
  const apiKey = generateSecret('sk');
  if (!(await setSiteKeyHash(pool, id, hashSecret(apiKey)))) throw new NotFoundError(`Site ${id}`);
  return { apiKey };
}

export async function createModerator(
  pool: Pool,
  input: z.infer<typeof createModeratorSchema>,
): Promise<Moderator & { token: string }> {
  const siteIds = [...new Set(input.siteIds)];
  const known = new Set(await existingSiteIds(pool, siteIds));
  const unknown = siteIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map((id) => ({ path: `body.siteIds`, message: `no site ${id}` })));
  }
  const token = generateSecret('mt');
  const moderator = await insertModerator(pool, {
    name: input.name,
    role: input.role as Role,
    siteIds,
    tokenHash: hashSecret(token),
  });
  return { ...moderator, token };
}
