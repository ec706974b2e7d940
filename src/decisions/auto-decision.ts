import type { Pool } from 'pg';
import { storeAutoVerdicts, type AutoVerdict } from '../db/comments-repository';
import { insertDeliveries } from '../db/deliveries-repository';
import { withTransaction } from '../db/pool';
import { verdictDelivery } from '../delivery/verdict-event';

/**
 * The worker's verdicts on many comments, in one transaction: the new statuses and versions with
 * their decision rows, and the `comment.verdict` callbacks of the sites that have a callback URL,
 * committed together (see src/delivery/outbox-relay.ts). Only comments still queued at the version
 * the worker read change.
 * Returns the new version of each comment that changed.
 */
export async function storeAutoDecisions(
  pool: Pool,
  verdicts: ReadonlyArray<AutoVerdict & { id: string; version: number }>,
): Promise<Map<string, number>> {
  if (verdicts.length === 0) return new Map();
  return withTransaction(pool, async (client) => {
    const decided = await storeAutoVerdicts(client, verdicts);
    await insertDeliveries(
      client,
      decided.map((comment) =>
        verdictDelivery(comment, { action: comment.verdict?.action ?? null, decidedBy: 'auto' }),
      ),
    );
    return new Map(decided.map((comment) => [comment.id, comment.version]));
  });
}
