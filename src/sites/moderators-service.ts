import type { Pool } from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { withTransaction } from '../db/pool';
import {
  insertModerator,
  listModerators,
  updateModerator,
  type Moderator,
} from '../db/moderators-repository';
import { deleteSessionsOf } from '../db/sessions-repository';
import { existingSiteIds } from '../db/sites-repository';
import { generateSecret, hashSecret } from '../secrets';
import { hashPassword } from '../sessions/passwords';

/** A dashboard password: long enough to resist guessing, at most what scrypt should chew. */
export const passwordField = z.string().min(10, 'must be at least 10 characters').max(200);

export const createModeratorSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(['admin', 'moderator']).default('moderator'),
    siteIds: z.array(z.uuid()).max(1000).default([]),
    /** Lets the moderator sign in to the dashboard with their name; without it, with their token only. */
    password: passwordField.optional(),
  })
  .strict();

export const updateModeratorSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(['admin', 'moderator']).optional(),
    siteIds: z.array(z.uuid()).max(1000).optional(),
    /** A new password; null removes it (the moderator then signs in with their token only). */
    password: passwordField.nullable().optional(),
  })
  .strict();

/** Refuses site ids that name no site, each at `siteIds`. */
async function assertSitesExist(pool: Pool, siteIds: string[]): Promise<void> {
  const known = new Set(await existingSiteIds(pool, siteIds));
  const unknown = siteIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map((id) => ({ path: 'siteIds', message: `no site ${id}` })));
  }
}

/** Turns the unique index on sign-in names into a 409; rethrows anything else. */
function rethrowNameTaken(error: unknown, name: string | undefined): never {
  if ((error as { constraint?: string }).constraint === 'moderators_login_name_idx') {
    throw new ConflictError('name_taken', `Another moderator with a password is named ${name ?? 'so'}.`);
  }
  throw error;
}

export interface ModeratorsDeps {
  pool: Pool;
  /** Called when a moderator's role or sites change, so cached tokens do not keep the old ones. */
  forgetCredentials?: () => void;
}

/** Moderators, for admins (and the admin CLI): create, list and change them. */
export function createModeratorsService(deps: ModeratorsDeps) {
  const { pool } = deps;
  return {
    /** Creates a moderator; the token is returned here only, once. */
    async create(input: z.infer<typeof createModeratorSchema>): Promise<Moderator & { token: string }> {
      const siteIds = [...new Set(input.siteIds)];
      await assertSitesExist(pool, siteIds);
      const token = generateSecret('mt');
      const moderator = await insertModerator(pool, {
        name: input.name,
        role: input.role,
        siteIds,
        tokenHash: hashSecret(token),
        passwordHash: input.password ? await hashPassword(input.password) : null,
      }).catch((error: unknown) => rethrowNameTaken(error, input.name));
      return { ...moderator, token };
    },

    list: (): Promise<Moderator[]> => listModerators(pool),

    /**
     * Changes a moderator. A new or removed password signs them out everywhere, so a leaked session
     * dies with the old password; a changed role or site list applies to their sessions at once, and
     * to their token as soon as the cached one is forgotten.
     */
    async change(id: string, input: z.infer<typeof updateModeratorSchema>): Promise<Moderator> {
      const siteIds = input.siteIds && [...new Set(input.siteIds)];
      if (siteIds) await assertSitesExist(pool, siteIds);
      const passwordHash =
        input.password === undefined ? undefined : input.password && (await hashPassword(input.password));
      const changed = await withTransaction(pool, async (client) => {
        const updated = await updateModerator(client, id, {
          name: input.name,
          role: input.role,
          siteIds,
          passwordHash,
        }).catch((error: unknown) => rethrowNameTaken(error, input.name));
        if (!updated) throw new NotFoundError(`Moderator ${id}`);
        if (passwordHash !== undefined) await deleteSessionsOf(client, id);
        return updated;
      });
      deps.forgetCredentials?.();
      return changed;
    },
  };
}

export type ModeratorsService = ReturnType<typeof createModeratorsService>;
