import type { Pool } from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { withTransaction } from '../db/pool';
import { updateModerator, type Moderator } from '../db/moderators-repository';
import { deleteSessionsOf } from '../db/sessions-repository';
import { existingSiteIds } from '../db/sites-repository';
import { hashPassword } from '../sessions/passwords';

/** A dashboard password: long enough to resist guessing, at most what scrypt should chew. */
export const passwordField = z.string().min(10, 'must be at least 10 characters').max(200);

export const updateModeratorSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(['admin', 'moderator']).optional(),
    siteIds: z.array(z.uuid()).max(1000).optional(),
    /** A new password; null removes it (the moderator then signs in with their token only). */
    password: passwordField.nullable().optional(),
  })
  .strict();

/** Refuses site ids that name no site, each at body.siteIds. */
export async function assertSitesExist(pool: Pool, siteIds: string[]): Promise<void> {
  const known = new Set(await existingSiteIds(pool, siteIds));
  const unknown = siteIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map((id) => ({ path: 'body.siteIds', message: `no site ${id}` })));
  }
}

/** Turns the unique index on sign-in names into a 409; rethrows anything else. */
export function rethrowNameTaken(error: unknown, name: string | undefined): never {
  if ((error as { constraint?: string }).constraint === 'moderators_login_name_idx') {
    throw new ConflictError('name_taken', `Another moderator with a password is named ${name ?? 'so'}.`);
  }
  throw error;
}

/**
 * Changes a moderator. A new or removed password signs them out everywhere, so a leaked session
 * dies with the old password; a changed role or site list applies to their sessions at once.
 */
export async function changeModerator(
  pool: Pool,
  id: string,
  input: z.infer<typeof updateModeratorSchema>,
): Promise<Moderator> {
  const siteIds = input.siteIds && [...new Set(input.siteIds)];
  if (siteIds) await assertSitesExist(pool, siteIds);
  const passwordHash =
    input.password === undefined ? undefined : input.password && (await hashPassword(input.password));
  return withTransaction(pool, async (client) => {
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
}
