import type { Db } from './pool';

/** The record of one erasure: who asked, when, and how much was removed; never whose data it was. */
export interface ErasureRecord {
  id: string;
  siteId: string;
  requestedBy: 'operator' | 'moderator';
  moderatorId: string | null;
  removed: Record<string, number>;
  createdAt: string;
}

export async function insertErasure(
  db: Db,
  erasure: Omit<ErasureRecord, 'id' | 'createdAt'>,
): Promise<ErasureRecord> {
  const { rows } = await db.query<{ id: string; created_at: Date }>(
    `INSERT INTO erasures (site_id, requested_by, moderator_id, removed) VALUES ($1, $2, $3, $4)
     RETURNING id, created_at`,
    [erasure.siteId, erasure.requestedBy, erasure.moderatorId, erasure.removed],
  );
  const { siteId, requestedBy, moderatorId, removed } = erasure;
  return {
    id: rows[0]!.id,
    siteId,
    requestedBy,
    moderatorId,
    removed,
    createdAt: rows[0]!.created_at.toISOString(),
  };
}
