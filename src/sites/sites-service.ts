import type { Pool } from 'pg';
import { z } from 'zod';
import { isDeepStrictEqual } from 'node:util';
import { NotFoundError } from '../errors';
import { insertPolicyChange, listPolicyChanges, type PolicyChange } from '../db/policy-changes-repository';
import { withTransaction, type Db } from '../db/pool';
import { moderatorIdOf, type Principal } from '../access/principal';
import {
  findSiteById,
  insertSite,
  listSites,
  lockSite,
  rotateApiKeyHash,
  updateSite,
} from '../db/sites-repository';
import { toSite, type Site } from './site';
import { defaultPolicy, policySchema, type Policy } from '../moderation/policy';
import { applySensitivity } from '../moderation/sensitivity';
import { generateSiteKey, generateWebhookSecret, hashSecret } from '../secrets';
import { parseInput } from '../validation';
import type { CallbackUrlCheck } from '../delivery/callback-url-check';

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

/** A site with the secrets that are shown once, at creation or rotation. */
export type SiteWithSecrets = Site & { apiKey: string; webhookSecret: string };

/** Where a page of sites starts: after this site, in creation order. */
export type SitePosition = { createdAt: string; id: string };

/**
 * A policy change, its sensitivity preset spelled out, is merged over the current policy, then the
 * whole is validated (errors at `policy.…`).
 */
export function mergePolicy(current: Policy, change: Record<string, unknown> | undefined) {
  return parseInput(policySchema, { ...current, ...applySensitivity(current, change) }, 'policy');
}

/** The site with this id, or NotFoundError: where every use case on one named site starts. */
export async function requireSite(db: Db, id: string): Promise<Site> {
  const site = await findSiteById(db, id);
  if (!site) throw new NotFoundError(`Site ${id}`);
  return toSite(site);
}

/** Whether a change left what PATCH can change as it was (a repeated request): nothing to announce. */
function sameSettings(before: Site, after: Site): boolean {
  const settings = ({ name, callbackUrl, callbackDisabled, policy }: Site) => ({
    name,
    callbackUrl,
    callbackDisabled,
    policy,
  });
  return isDeepStrictEqual(settings(before), settings(after));
}

export interface SitesDeps {
  pool: Pool;
  /** The SSRF check of a callback URL, run on every URL a site is given. */
  checkCallbackUrl: CallbackUrlCheck;
  /** KEY_GRACE_SECONDS: how long a rotated-out key keeps working unless the rotation says otherwise. */
  keyGraceSeconds: number;
  /** Called after a key rotation or a change of a site's settings, so no api process keeps serving the old ones. */
  forgetCredentials?: () => void;
}

/** Sites, their keys and policies, for admins (and the admin CLI). */
export function createSitesService(deps: SitesDeps) {
  const { pool } = deps;
  return {
    /** Creates a site with a new API key and webhook secret, returned here only, once. */
    async create(input: z.infer<typeof createSiteSchema>): Promise<SiteWithSecrets> {
      await deps.checkCallbackUrl(input.callbackUrl);
      const apiKey = generateSiteKey();
      const webhookSecret = generateWebhookSecret();
      const site = toSite(
        await insertSite(pool, {
          name: input.name,
          callbackUrl: input.callbackUrl ?? null,
          policy: mergePolicy(defaultPolicy, input.policy),
          apiKeyHash: hashSecret(apiKey),
          webhookSecret,
        }),
      );
      return { ...site, apiKey, webhookSecret };
    },

    /** Sites in creation order, after `after`. */
    list: async (page: { limit: number; after: SitePosition | null }): Promise<Site[]> =>
      (await listSites(pool, { ids: null, ...page })).map(toSite),

    find: async (id: string): Promise<Site | null> => {
      const site = await findSiteById(pool, id);
      return site && toSite(site);
    },

    /**
     * Changes a site's name, callback URL or policy. A policy change is recorded with who made it and
     * the policy before and after; the row lock keeps two concurrent changes from recording one `before`.
     * Every api process caches the site with its key (its policy answers Akismet's comment-check), so a
     * change is announced once committed: announced before, another process could cache the old row again.
     */
    async change(principal: Principal, id: string, input: z.infer<typeof updateSiteSchema>): Promise<Site> {
      await deps.checkCallbackUrl(input.callbackUrl);
      const { before, after } = await withTransaction(pool, async (client) => {
        const stored = await lockSite(client, id);
        if (!stored) throw new NotFoundError(`Site ${id}`);
        const site = toSite(stored);
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
        return { before: site, after: toSite(updated!) };
      });
      if (!sameSettings(before, after)) deps.forgetCredentials?.();
      return after;
    },

    /** A site's policy changes, newest first, before the change `before`. */
    async policyChanges(id: string, page: { limit: number; before: string | null }): Promise<PolicyChange[]> {
      await requireSite(pool, id);
      return listPolicyChanges(pool, id, page);
    },

    /**
     * Issues a new API key. The old one keeps working for the grace period, so the site can deploy the
     * new key without refused requests; `previousKeyValidUntil` says until when (null: it stopped at once).
     */
    async rotateKey(
      id: string,
      graceSeconds = deps.keyGraceSeconds,
    ): Promise<{ apiKey: string; previousKeyValidUntil: string | null }> {
      const apiKey = generateSiteKey();
      const rotated = await rotateApiKeyHash(pool, id, hashSecret(apiKey), graceSeconds);
      if (!rotated) throw new NotFoundError(`Site ${id}`);
      deps.forgetCredentials?.();
      return { apiKey, previousKeyValidUntil: rotated.previousValidUntil?.toISOString() ?? null };
    },
  };
}

export type SitesService = ReturnType<typeof createSitesService>;
