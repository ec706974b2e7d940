import type { Pool } from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Principal } from '../access/principal';
import { withTransaction } from '../db/pool';
import {
  insertModerator,
  listModerators,
  markModeratorRemoved,
  replaceModeratorToken,
  setModeratorDisabled,
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
    /** Disables (true) or enables (false) the moderator: a disabled one cannot sign in or use their token. */
    disabled: z.boolean().optional(),
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

/** An admin must not disable or remove themselves: nobody else may be left to undo it. */
function assertNotSelf(principal: Principal, id: string, what: string): void {
  if (principal.kind === 'moderator' && principal.moderator.id === id) {
    throw new ConflictError('cannot_change_self', `You cannot ${what} yourself; ask another admin.`);
  }
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

    /** The moderators who were not removed. */
    list: async (): Promise<Moderator[]> => (await listModerators(pool)).filter((m) => !m.removedAt),

    /**
     * Changes a moderator. A new or removed password signs them out everywhere, so a leaked session
     * dies with the old password; a changed role or site list applies to their sessions at once, and
     * to their token as soon as the cached one is forgotten.
     */
    async change(
      principal: Principal,
      id: string,
      input: z.infer<typeof updateModeratorSchema>,
    ): Promise<Moderator> {
      if (input.disabled) assertNotSelf(principal, id, 'disable');
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
        const switched =
          input.disabled === undefined ? updated : await setModeratorDisabled(client, id, input.disabled);
        if (passwordHash !== undefined || input.disabled) await deleteSessionsOf(client, id);
        return switched ?? updated;
      });
      deps.forgetCredentials?.();
      return changed;
    },

    /**
     * Removes a moderator: they are signed out, their token and password stop working, and they
     * leave the lists; their decisions keep their name. Nobody removes themselves (an admin could
     * lock the last admin out).
     */
    async remove(principal: Principal, id: string): Promise<void> {
      assertNotSelf(principal, id, 'remove');
      await withTransaction(pool, async (client) => {
        const removed = await markModeratorRemoved(client, id, hashSecret(generateSecret('mt')));
        if (!removed) throw new NotFoundError(`Moderator ${id}`);
        await deleteSessionsOf(client, id);
      });
      deps.forgetCredentials?.();
    },

    /**
     * Issues a new token, returned here only, once; the old one stops working at once and the
     * moderator is signed out everywhere (a reset means the old token may have leaked).
     */
    async resetToken(id: string): Promise<{ id: string; token: string }> {
      const token = generateSecret('mt');
      await withTransaction(pool, async (client) => {
        if (!(await replaceModeratorToken(client, id, hashSecret(token))))
          throw new NotFoundError(`Moderator ${id}`);
        await deleteSessionsOf(client, id);
      });
      deps.forgetCredentials?.();
      return { id, token };
    },
  };
}

export type ModeratorsService = ReturnType<typeof createModeratorsService>;
