import type { Response } from 'supertest';
import type { Pool } from 'pg';

/** Asserts an RFC 9457 problem answer: exact status, problem+json, the code, and a matching type. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
  expect(res.body.type).toMatch(new RegExp(`/${code}$`));
  expect(typeof res.body.title).toBe('string');
}

/** Asserts a 400 validation problem and returns the listed field paths, sorted. */
export function expectValidationPaths(res: Response): string[] {
  expectProblem(res, 400, 'validation_failed');
  expect(Array.isArray(res.body.errors)).toBe(true);
  return (res.body.errors as Array<{ path: string }>).map((error) => error.path).sort();
}

/** Number of rows of a table, optionally filtered by a WHERE clause with parameters. */
export async function countRows(pool: Pool, table: string, where = 'TRUE', params: unknown[] = []) {
  const { rows } = await pool.query<{ count: string }>(
    `SELECT count(*) AS count FROM ${table} WHERE ${where}`,
    params,
  );
  return Number(rows[0]!.count);
}

export const bearer = (token: string) => `Bearer ${token}`;
