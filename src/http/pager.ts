import { z } from 'zod';
import { ValidationError } from '../errors';
import { bigintText } from '../validation';

/** The paging part of a list's query string: how many items (1..200, 50 by default) and which page. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
};

/** Reads a cursor back; a forged or stale one is a 400, not a crash. */
function decodeCursor<Position>(schema: z.ZodType<Position>, cursor: string | undefined): Position | null {
  if (cursor === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64url JSON
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this API issued' }]);
}

/**
 * How a list is paged, `{ items, nextCursor }`: an opaque cursor (base64url JSON) names where the
 * last page ended, the position of its last row. A page shorter than the limit is the last one.
 */
export function createPager<Row, Position>(schema: z.ZodType<Position>, positionOf: (row: Row) => Position) {
  return {
    /** The position the `cursor` query parameter names; null for the first page. */
    after: (cursor: string | undefined): Position | null => decodeCursor(schema, cursor),

    /** One page: the rows as presented, and the cursor of the next page, null on the last one. */
    page<R extends Row>(rows: R[], limit: number, present: (row: R) => unknown = (row) => row) {
      const last = rows.length === limit ? rows[rows.length - 1] : undefined;
      return {
        items: rows.map(present),
        nextCursor:
          last === undefined ? null : Buffer.from(JSON.stringify(positionOf(last))).toString('base64url'),
      };
    },
  };
}

/** Lists ordered by a growing numeric id (decisions, policy changes): the cursor is the last id. */
export const idPager = createPager(z.object({ id: bigintText() }), (row: { id: string }) => ({
  id: row.id,
}));
