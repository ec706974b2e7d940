import type { Db } from './pool';

export type Role = 'admin' | 'moderator';

export interface Moderator {
  id: string;
  name: string;
  role: Role;
  siteIds: string[];
  createdAt: string;
  /** When an admin disabled them: they cannot sign in or use their token until enabled again. */
  disabledAt?: string | null;
  /** When an admin removed them: kept only so the audit log still names them. */
  removedAt?: string | null;
}

interface ModeratorRow {
  id: string;
  name: string;
  role: Role;
  site_ids: string[];
  created_at: Date;
  disabled_at: Date | null;
  removed_at: Date | null;
}

const columns = 'id, name, role, site_ids, created_at, disabled_at, removed_at';
/** Who may act: neither disabled nor removed. Every lookup of a credential adds it. */
const ACTIVE = 'disabled_at IS NULL AND removed_at IS NULL';

const toModerator = (row: ModeratorRow): Moderator => ({
  id: row.id,
  name: row.name,
  role: row.role,
  siteIds: row.site_ids,
  createdAt: row.created_at.toISOString(),
  disabledAt: row.disabled_at?.toISOString() ?? null,
  removedAt: row.removed_at?.toISOString() ?? null,
});

export async function insertModerator(
  db: Db,
  moderator: { name: string; role: Role; siteIds: string[]; tokenHash: Buffer; passwordHash?: string | null },
): Promise<Moderator> {
  const { rows } = await db.query<ModeratorRow>(
    `INSERT INTO moderators (name, role, site_ids, token_hash, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [moderator.name, moderator.role, moderator.siteIds, moderator.tokenHash, moderator.passwordHash ?? null],
  );
  return toModerator(rows[0]!);
}

export async function findModeratorByTokenHash(db: Db, tokenHash: Buffer): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(
    `SELECT ${columns} FROM moderators WHERE token_hash = $1 AND ${ACTIVE}`,
    [tokenHash],
  );
  return rows[0] ? toModerator(rows[0]) : null;
}

/** Every moderator, removed ones too (the audit log names them); newest last. */
export async function listModerators(db: Db): Promise<Moderator[]> {
  const { rows } = await db.query<ModeratorRow>(`SELECT ${columns} FROM moderators ORDER BY created_at, id`);
  return rows.map(toModerator);
}

export async function findModeratorById(db: Db, id: string): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(`SELECT ${columns} FROM moderators WHERE id = $1`, [id]);
  return rows[0] ? toModerator(rows[0]) : null;
}

/** The active moderator who signs in with this name (any case), with their password hash; null if none has a password. */
export async function findModeratorLogin(
  db: Db,
  name: string,
): Promise<{ moderator: Moderator; passwordHash: string } | null> {
  const { rows } = await db.query<ModeratorRow & { password_hash: string }>(
    `SELECT ${columns}, password_hash FROM moderators WHERE lower(name) = lower($1) AND password_hash IS NOT NULL AND ${ACTIVE}`,
    [name],
  );
  return rows[0] ? { moderator: toModerator(rows[0]), passwordHash: rows[0].password_hash } : null;
}

/** Changes what is given of a moderator; `passwordHash: null` removes the password. */
export async function updateModerator(
  db: Db,
  id: string,
  changes: { name?: string; role?: Role; siteIds?: string[]; passwordHash?: string | null },
): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(
    `UPDATE moderators SET
       name = COALESCE($2, name),
       role = COALESCE($3, role),
       site_ids = COALESCE($4, site_ids),
       password_hash = CASE WHEN $5 THEN $6 ELSE password_hash END
     WHERE id = $1 AND removed_at IS NULL RETURNING ${columns}`,
    [
      id,
      changes.name ?? null,
      changes.role ?? null,
      changes.siteIds ?? null,
      changes.passwordHash !== undefined,
      changes.passwordHash ?? null,
    ],
  );
  return rows[0] ? toModerator(rows[0]) : null;
}

/** Disables (true) or enables (false) a moderator; null when there is no such moderator or they were removed. */
export async function setModeratorDisabled(db: Db, id: string, disabled: boolean): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(
    `UPDATE moderators SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
     WHERE id = $1 AND removed_at IS NULL RETURNING ${columns}`,
    [id, disabled],
  );
  return rows[0] ? toModerator(rows[0]) : null;
}

/**
 * Removes a moderator but keeps the row, so decisions still name them: the password goes and the
 * token hash becomes one no token has. Null when there is no such moderator or they were removed.
 */
export async function markModeratorRemoved(
  db: Db,
  id: string,
  deadTokenHash: Buffer,
): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(
    `UPDATE moderators SET removed_at = now(), password_hash = NULL, token_hash = $2
     WHERE id = $1 AND removed_at IS NULL RETURNING ${columns}`,
    [id, deadTokenHash],
  );
  return rows[0] ? toModerator(rows[0]) : null;
}

/** Replaces a moderator's token hash; null when there is no such moderator or they were removed. */
export async function replaceModeratorToken(
  db: Db,
  id: string,
  tokenHash: Buffer,
): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(
    `UPDATE moderators SET token_hash = $2 WHERE id = $1 AND removed_at IS NULL RETURNING ${columns}`,
    [id, tokenHash],
  );
  return rows[0] ? toModerator(rows[0]) : null;
}
