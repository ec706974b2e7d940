import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { z } from 'zod';
import { CsrfError, InvalidCredentialsError } from '../errors';
import { findModeratorByTokenHash, findModeratorLogin, type Moderator } from '../db/moderators-repository';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  insertSession,
  type Session,
} from '../db/sessions-repository';
import { hashSecret, secretsEqual } from '../secrets';
import { DUMMY_HASH, verifyPassword } from './passwords';
import type { LoginThrottle } from './login-throttle';

export const signInSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    password: z.string().min(1).max(1000).optional(),
    token: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((body) => (body.token ? !body.name && !body.password : body.name && body.password), {
    message: 'send either name and password, or token',
  });

export interface SessionDeps {
  pool: Pool;
  adminToken: string;
  ttlSeconds: number;
  throttle: LoginThrottle;
}

/** What the page learns about its session: who, until when, and the token its changes must carry. */
export function presentSession(session: Session) {
  const { id, name, role, siteIds } = session.moderator;
  return {
    moderator: { id, name, role, siteIds },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

async function moderatorByPassword(deps: SessionDeps, name: string, password: string): Promise<Moderator> {
  await deps.throttle.assertAllowed(name);
  const login = await findModeratorLogin(deps.pool, name);
  // An unknown name costs a scrypt too, so timing does not tell which names exist.
  const ok = await verifyPassword(password, login?.passwordHash ?? DUMMY_HASH);
  if (!login || !ok) {
    await deps.throttle.failed(name);
    throw new InvalidCredentialsError();
  }
  await deps.throttle.succeeded(name);
  return login.moderator;
}

async function moderatorByToken(deps: SessionDeps, token: string): Promise<Moderator> {
  if (secretsEqual(token, deps.adminToken)) {
    throw new InvalidCredentialsError(
      "The operator's ADMIN_TOKEN does not sign in to the dashboard: create an admin moderator and use theirs.",
    );
  }
  const moderator = await findModeratorByTokenHash(deps.pool, hashSecret(token));
  if (!moderator) throw new InvalidCredentialsError();
  return moderator;
}

/** Checks the credentials and opens a session; the caller puts `sessionId` in the cookie, and nowhere else. */
export async function signIn(
  deps: SessionDeps,
  input: z.infer<typeof signInSchema>,
): Promise<{ sessionId: string; session: Session }> {
  const moderator = input.token
    ? await moderatorByToken(deps, input.token)
    : await moderatorByPassword(deps, input.name!, input.password!);
  await deleteExpiredSessions(deps.pool);
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const { expiresAt } = await insertSession(deps.pool, {
    idHash: hashSecret(sessionId),
    moderatorId: moderator.id,
    csrfToken,
    ttlSeconds: deps.ttlSeconds,
  });
  return { sessionId, session: { moderator, csrfToken, expiresAt } };
}

export async function signOut(pool: Pool, sessionId: string): Promise<void> {
  await deleteSession(pool, hashSecret(sessionId));
}

export async function sessionOf(pool: Pool, sessionId: string): Promise<Session | null> {
  return findSession(pool, hashSecret(sessionId));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request whose x-csrf-token header is not the session's. SameSite=Strict
 * already keeps other sites from sending the cookie; this is the second lock.
 */
export function assertCsrf(method: string, header: string | string[] | undefined, session: Session): void {
  if (SAFE_METHODS.has(method)) return;
  if (typeof header !== 'string' || !secretsEqual(header, session.csrfToken)) throw new CsrfError();
}
