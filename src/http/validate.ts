import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses a value with a schema; a failure becomes a 400 listing every offending field path. */
export function parseOr400<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where = 'body',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    // An unknown key is reported at its own path, not at the object that holds it.
    result.error.issues.flatMap((issue) =>
      (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path]).map(
        (path) => ({ path: [where, ...path.map(String)].join('.'), message: issue.message }),
      ),
    ),
    `The request ${where} is not valid.`,
  );
}
