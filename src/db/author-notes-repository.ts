import type { Db } from './pool';

/** A moderator's note on an author of a site. */
export interface AuthorNote {
  id: string;
  siteId: string;
  moderatorId: string | null;
  body: string;
  createdAt: string;
}

interface AuthorNoteRow {
  id: string;
  site_id: string;
  moderator_id: string | null;
  body: string;
  created_at: Date;
}

const columns = 'id::text AS id, site_id, moderator_id, body, created_at';

const toNote = (row: AuthorNoteRow): AuthorNote => ({
  id: row.id,
  siteId: row.site_id,
  moderatorId: row.moderator_id,
  body: row.body,
  createdAt: row.created_at.toISOString(),
});

export async function insertAuthorNote(
  db: Db,
  note: { siteId: string; authorKey: string; moderatorId: string | null; body: string },
): Promise<AuthorNote> {
  const { rows } = await db.query<AuthorNoteRow>(
    `INSERT INTO author_notes (site_id, author_key, moderator_id, body) VALUES ($1, $2, $3, $4)
     RETURNING ${columns}`,
    [note.siteId, note.authorKey, note.moderatorId, note.body],
  );
  return toNote(rows[0]!);
}

/** The notes on an author of a site, newest first. */
export async function listAuthorNotes(
  db: Db,
  siteId: string,
  authorKey: string,
  limit: number,
): Promise<AuthorNote[]> {
  const { rows } = await db.query<AuthorNoteRow>(
    `SELECT ${columns} FROM author_notes WHERE site_id = $1 AND author_key = $2 ORDER BY id DESC LIMIT $3`,
    [siteId, authorKey, limit],
  );
  return rows.map(toNote);
}

/** Deletes a note of one of the sites (null: any site) if `moderatorId` wrote it (null: anyone's). */
export async function deleteAuthorNote(
  db: Db,
  id: string,
  scope: { siteIds: string[] | null; moderatorId: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `DELETE FROM author_notes WHERE id = $1 AND ($2::uuid[] IS NULL OR site_id = ANY($2))
       AND ($3::uuid IS NULL OR moderator_id = $3)`,
    [id, scope.siteIds, scope.moderatorId],
  );
  return (rowCount ?? 0) > 0;
}
