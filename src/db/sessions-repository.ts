import type { Db } from './pool';
import type { Moderator, Role } from './moderators-repository';

/** A live dashboard session and the moderator it signs in. */
export interface Session {
  moderator: Moderator;
  csrfToken: string;
  expiresAt: string;
}

export async function insertSession(
  db: Db,
  session: { idHash: Buffer; moderatorId: string; csrfToken: string; ttlSeconds: number },
): Promise<{ expiresAt: string }> {
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (id_hash, moderator_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4::int)) RETURNING expires_at`,
    [session.idHash, session.moderatorId, session.csrfToken, session.ttlSeconds],
  );
  return { expiresAt: rows[0]!.expires_at.toISOString() };
}

/** The unexpired session with this id hash, with its moderator as they are now (role and sites included); none for a disabled one. */
export async function findSession(db: Db, idHash: Buffer): Promise<Session | null> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: Role;
    site_ids: string[];
    created_at: Date;
    csrf_token: string;
    expires_at: Date;
  }>(
    `SELECT m.id, m.name, m.role, m.site_ids, m.created_at, s.csrf_token, s.expires_at
     FROM sessions s JOIN moderators m ON m.id = s.moderator_id
     WHERE s.id_hash = $1 AND s.expires_at > now() AND m.disabled_at IS NULL AND m.removed_at IS NULL`,
    [idHash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    moderator: {
      id: row.id,
      name: row.name,
      role: row.role,
      siteIds: row.site_ids,
      createdAt: row.created_at.toISOString(),
    },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at.toISOString(),
  };
}

export async function deleteSession(db: Db, idHash: Buffer): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
}

/** Signs a moderator out everywhere (their password changed). */
export async function deleteSessionsOf(db: Db, moderatorId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE moderator_id = $1', [moderatorId]);
}

/** Removes expired sessions; they no longer work, this only keeps the table small. */
export async function deleteExpiredSessions(db: Db): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  return rowCount ?? 0;
}
