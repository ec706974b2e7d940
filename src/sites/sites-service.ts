import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';
import { isDeepStrictEqual } from 'node:util';
import { insertPolicyChange } from '../db/policy-changes-repository';
import { withTransaction } from '../db/pool';
import type { Principal } from '../http/auth';
import {
  insertSite,
  lockSite,
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

/**
 * Changes a site's name, callback URL or policy. A policy change is recorded with who made it and
 * the policy before and after; the row lock keeps two concurrent changes from recording one `before`.
 */
export async function changeSite(
  pool: Pool,
  principal: Principal,
  id: string,
  input: z.infer<typeof updateSiteSchema>,
): Promise<Site> {
  return withTransaction(pool, async (client) => {
    const site = await lockSite(client, id);
    if (!site) throw new NotFoundError(`Site ${id}`);
    const policy = input.policy ? mergePolicy(site.policy, input.policy) : undefined;
    const updated = await updateSite(client, id, {
      name: input.name,
      callbackUrl: input.callbackUrl,
      policy,
    });
    if (policy && !isDeepStrictEqual(policy, site.policy)) {
      await insertPolicyChange(client, {
        siteId: id,
        changedBy: principal.kind,
        moderatorId: principal.kind === 'moderator' ? principal.moderator.id : null,
        before: site.policy,
        after: policy,
      });
    }
    return updated!;
  });
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
