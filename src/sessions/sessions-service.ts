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

async function moderatorByPassword(
  deps: SessionDeps,
  name: string,
  password: string,
  address: string,
): Promise<Moderator> {
  // Counted as a failure until the password proves right (src/sessions/login-throttle.ts).
  const attempt = await deps.throttle.begin(name, address);
  const login = await findModeratorLogin(deps.pool, name);
  // An unknown name costs a scrypt too, so timing does not tell which names exist.
  const ok = await verifyPassword(password, login?.passwordHash ?? DUMMY_HASH);
  if (!login || !ok) throw new InvalidCredentialsError();
  await attempt.succeeded();
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
async function signIn(
  deps: SessionDeps,
  input: z.infer<typeof signInSchema>,
  /** The client's address, which the throttle counts failures of. */
  address: string,
): Promise<{ sessionId: string; session: Session }> {
  const moderator = input.token
    ? await moderatorByToken(deps, input.token)
    : await moderatorByPassword(deps, input.name!, input.password!, address);
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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request whose CSRF token is not the session's. SameSite=Strict
 * already keeps other sites from sending the cookie; this is the second lock.
 */
function assertCsrf(method: string, csrfToken: string | string[] | undefined, session: Session): void {
  if (SAFE_METHODS.has(method)) return;
  if (typeof csrfToken !== 'string' || !secretsEqual(csrfToken, session.csrfToken)) throw new CsrfError();
}

/** A request's claim to a session: the id its cookie carries, its method and the CSRF token it sent. */
export interface SessionRequest {
  sessionId: string;
  method: string;
  csrfToken: string | string[] | undefined;
}

/**
 * The dashboard's sessions. Sessions are read from PostgreSQL on every request, uncached, so a
 * sign-out takes effect at once everywhere.
 */
export function createSessionsService(deps: SessionDeps) {
  const find = (sessionId: string): Promise<Session | null> => findSession(deps.pool, hashSecret(sessionId));
  return {
    signIn: (input: z.infer<typeof signInSchema>, address: string) => signIn(deps, input, address),
    find,

    /** The moderator the session signs in, or null; throws CsrfError for an unsafe request without its token. */
    async authenticate(request: SessionRequest): Promise<Moderator | null> {
      const session = await find(request.sessionId);
      if (!session) return null;
      assertCsrf(request.method, request.csrfToken, session);
      return session.moderator;
    },

    /** Ends the session, if it is one, when the request carries its CSRF token. */
    async signOut(request: SessionRequest): Promise<void> {
      const session = await find(request.sessionId);
      if (!session) return;
      assertCsrf(request.method, request.csrfToken, session);
      await deleteSession(deps.pool, hashSecret(request.sessionId));
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
