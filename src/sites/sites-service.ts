import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';
import { isDeepStrictEqual } from 'node:util';
import { insertPolicyChange } from '../db/policy-changes-repository';
import { withTransaction } from '../db/pool';
import { moderatorIdOf, type Principal } from '../access/principal';
import {
  insertSite,
  lockSite,
  rotateApiKeyHash,
  updateSite,
  existingSiteIds,
  type Site,
} from '../db/sites-repository';
import { insertModerator, type Moderator, type Role } from '../db/moderators-repository';
import { defaultPolicy, policySchema } from '../moderation/policy';
import { generateSecret, generateWebhookSecret, hashSecret } from '../secrets';
import { parseOr400 } from '../http/validate';
import { hashPassword } from '../sessions/passwords';
import { passwordField, rethrowNameTaken } from './moderators-service';

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
    /** Lets the moderator sign in to the dashboard with their name; without it, with their token only. */
    password: passwordField.optional(),
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
        moderatorId: moderatorIdOf(principal),
        before: site.policy,
        after: policy,
      });
    }
    return updated!;
  });
}

export const rotateKeySchema = z
  .object({
    /** Seconds the old key keeps working; defaults to KEY_GRACE_SECONDS, 0 revokes it at once (a leaked key). */
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .optional(),
  })
  .strict();

/**
 * Issues a new API key. The old one keeps working for the grace period, so the site can deploy the
 * new key without refused requests; `previousKeyValidUntil` says until when (null: it stopped at once).
 */
export async function rotateSiteKey(
  pool: Pool,
  id: string,
  graceSeconds: number,
): Promise<{ apiKey: string; previousKeyValidUntil: string | null }> {
  const apiKey = generateSecret('sk');
  const rotated = await rotateApiKeyHash(pool, id, hashSecret(apiKey), graceSeconds);
  if (!rotated) throw new NotFoundError(`Site ${id}`);
  return { apiKey, previousKeyValidUntil: rotated.previousValidUntil?.toISOString() ?? null };
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
    passwordHash: input.password ? await hashPassword(input.password) : null,
  }).catch((error: unknown) => rethrowNameTaken(error, input.name));
  return { ...moderator, token };
}
