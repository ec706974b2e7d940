import type { z } from 'zod';
import { ValidationError } from '../errors';

/** An opaque page cursor: base64url JSON of where the last page ended. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor back; a forged or stale one is a 400, not a crash. */
export function decodeCursor<Schema extends z.ZodType>(
  schema: Schema,
  cursor: string | undefined,
): z.infer<Schema> | null {
  if (cursor === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64url JSON
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this API issued' }]);
}

/** One page of a list: the items and the cursor of the next page, null on the last one. */
export function page<T, P>(rows: T[], limit: number, present: (row: T) => unknown, position: (row: T) => P) {
  const last = rows.length === limit ? rows[rows.length - 1] : undefined;
  return { items: rows.map(present), nextCursor: last === undefined ? null : encodeCursor(position(last)) };
}
