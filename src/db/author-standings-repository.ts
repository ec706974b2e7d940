import type { Db } from './pool';
import type { AuthorAccount, StandingKind } from '../moderation/check-context';

/** An author's account from a row with `standing`, `standing_until`, `standing_reason` and `comments`. */
export function toAuthorAccount(row: {
  standing: string | null;
  standing_until: Date | null;
  standing_reason: string | null;
  comments: string | number;
}): AuthorAccount {
  return {
    standing: row.standing
      ? {
          kind: row.standing as NonNullable<AuthorAccount['standing']>['kind'],
          until: row.standing_until?.toISOString() ?? null,
          reason: row.standing_reason ?? '',
        }
      : null,
    comments: Number(row.comments),
  };
}

/**
 * An author's account on a site: the standing moderators gave them and how many comments they sent
 * (deleted ones aside), for a comment that is checked without being stored (Akismet's comment-check);
 * the worker reads it with findCommentsForModeration.
 */
export async function findAuthorAccount(db: Db, siteId: string, authorKey: string): Promise<AuthorAccount> {
  const { rows } = await db.query(
    `SELECT s.standing, s.until AS standing_until, s.reason AS standing_reason,
       (SELECT count(*) FROM comments
         WHERE site_id = $1 AND author_key = $2 AND status <> 'deleted') AS comments
     FROM (SELECT 1) one
     LEFT JOIN author_standings s ON s.site_id = $1 AND s.author_key = $2`,
    [siteId, authorKey],
  );
  return toAuthorAccount(rows[0]);
}

/** Sets (or with null, clears) an author's standing on a site. */
export async function setAuthorStanding(
  db: Db,
  siteId: string,
  authorKey: string,
  standing: { kind: StandingKind; until: string | null; reason: string } | null,
): Promise<void> {
  if (!standing) {
    await db.query('DELETE FROM author_standings WHERE site_id = $1 AND author_key = $2', [
      siteId,
      authorKey,
    ]);
    return;
  }
  await db.query(
    `INSERT INTO author_standings (site_id, author_key, standing, until, reason) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (site_id, author_key)
     DO UPDATE SET standing = $3, until = $4, reason = $5, updated_at = now()`,
    [siteId, authorKey, standing.kind, standing.until, standing.reason],
  );
}

/** The standing moderators gave an author on a site, with when it was set; null if none. */
export async function findStanding(
  db: Db,
  siteId: string,
  authorKey: string,
): Promise<{ kind: StandingKind; until: string | null; reason: string; updatedAt: string } | null> {
  const { rows } = await db.query<{
    standing: StandingKind;
    until: Date | null;
    reason: string;
    updated_at: Date;
  }>(
    'SELECT standing, until, reason, updated_at FROM author_standings WHERE site_id = $1 AND author_key = $2',
    [siteId, authorKey],
  );
  const row = rows[0];
  return row
    ? {
        kind: row.standing,
        until: row.until?.toISOString() ?? null,
        reason: row.reason,
        updatedAt: row.updated_at.toISOString(),
      }
    : null;
}
