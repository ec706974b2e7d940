import type { z } from 'zod';
import { ValidationError } from '../errors';
import { fieldErrors } from '../validation';

/** Parses a part of the request with a schema; a failure becomes a 400 listing every offending field path. */
export function parseOr400<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: 'body' | 'query' = 'body',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error, where), `The request ${where} is not valid.`);
}

/**
 * Runs a use case whose input is this part of the request: the field paths of its ValidationError,
 * relative to that input, become the request's (`callbackUrl` → `body.callbackUrl`).
 */
export async function inputFrom<T>(where: 'body' | 'query', work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof ValidationError ? error.under(where) : error;
  }
}
