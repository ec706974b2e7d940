import type { Db } from './pool';

export type Role = 'admin' | 'moderator';

export interface Moderator {
  id: string;
  name: string;
  role: Role;
  siteIds: string[];
  createdAt: string;
}

interface ModeratorRow {
  id: string;
  name: string;
  role: Role;
  site_ids: string[];
  created_at: Date;
}

const columns = 'id, name, role, site_ids, created_at';

const toModerator = (row: ModeratorRow): Moderator => ({
  id: row.id,
  name: row.name,
  role: row.role,
  siteIds: row.site_ids,
  createdAt: row.created_at.toISOString(),
});

export async function insertModerator(
  db: Db,
  moderator: { name: string; role: Role; siteIds: string[]; tokenHash: Buffer },
): Promise<Moderator> {
  const { rows } = await db.query<ModeratorRow>(
    `INSERT INTO moderators (name, role, site_ids, token_hash) VALUES ($1, $2, $3, $4) RETURNING ${columns}`,
    [moderator.name, moderator.role, moderator.siteIds, moderator.tokenHash],
  );
  return toModerator(rows[0]!);
}

export async function findModeratorByTokenHash(db: Db, tokenHash: Buffer): Promise<Moderator | null> {
  const { rows } = await db.query<ModeratorRow>(`SELECT ${columns} FROM moderators WHERE token_hash = $1`, [
    tokenHash,
  ]);
  return rows[0] ? toModerator(rows[0]) : null;
}

export async function listModerators(db: Db): Promise<Moderator[]> {
  const { rows } = await db.query<ModeratorRow>(`SELECT ${columns} FROM moderators ORDER BY created_at, id`);
  return rows.map(toModerator);
}
