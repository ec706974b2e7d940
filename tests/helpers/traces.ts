import type { Pool } from 'pg';
import type { Redis } from 'ioredis';

/** A place a value was found: `table.column` (PostgreSQL) or a Redis key, and what matched. */
export interface Trace {
  where: string;
  value: string;
}

/**
 * Tables whose text holds what the law lets us keep: the learned classifier's token counts (words
 * with numbers, untraceable to a comment) and the schema's own bookkeeping.
 */
const EXEMPT = new Set(['classifier_tokens', 'classifier_docs', 'schema_migrations']);

/**
 * Every text, JSON and text-array column of every table of the connection's schema, searched for
 * each value (case-insensitive): where any is still found. Reads the catalogue, so a table added
 * later is searched too.
 */
export async function personTraces(pool: Pool, values: readonly string[]): Promise<Trace[]> {
  const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND (c.data_type IN ('text', 'character varying', 'json', 'jsonb') OR c.udt_name IN ('_text', '_varchar'))`,
  );
  const found: Trace[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    if (EXEMPT.has(table)) continue;
    for (const value of values) {
      const { rows } = await pool.query(
        `SELECT 1 FROM "${table}" WHERE "${column}"::text ILIKE '%' || $1 || '%' LIMIT 1`,
        [value],
      );
      if (rows.length > 0) found.push({ where: `${table}.${column}`, value });
    }
  }
  return found;
}

/** The text of a Redis key's value, whatever its type. */
async function readKey(redis: Redis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'zset':
      return (await redis.zrange(key, 0, '-1')).join('\n');
    case 'set':
      return (await redis.smembers(key)).join('\n');
    case 'list':
      return (await redis.lrange(key, 0, -1)).join('\n');
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}

/** Every Redis key under the prefix whose name or value holds one of the values (case-insensitive). */
export async function redisTraces(redis: Redis, prefix: string, values: readonly string[]): Promise<Trace[]> {
  const found: Trace[] = [];
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
    for (const key of keys as string[]) {
      const text = `${key}\n${await readKey(redis, key)}`.toLowerCase();
      for (const value of values) if (text.includes(value.toLowerCase())) found.push({ where: key, value });
    }
  }
  return found;
}
