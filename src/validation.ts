import { z } from 'zod';
import { ValidationError, type FieldError } from './errors';

/** The issues of a failed parse as field errors, each path dot-joined below `at` when given. */
export function fieldErrors(error: z.ZodError, at?: string): FieldError[] {
  // An unknown key is reported at its own path, not at the object that holds it.
  return error.issues.flatMap((issue) =>
    (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path]).map(
      (path) => ({ path: [...(at ? [at] : []), ...path.map(String)].join('.'), message: issue.message }),
    ),
  );
}

/**
 * Parses a use case's input with a schema; a failure is a ValidationError listing every offending
 * field, its paths relative to that input (`at` names the part parsed, e.g. `policy`). The web layer
 * places them in the request (`body.policy.…`).
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  at?: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error, at), `The ${at ?? 'input'} is not valid.`);
}

/**
 * An ISO 8601 date and time with an offset, as the API takes them, in years 0001 to 9999: year 0000
 * does not exist in PostgreSQL's calendar, and a wider year is no comment's date.
 */
export const instant = () =>
  z.iso
    .datetime({ offset: true })
    .refine((value) => !value.startsWith('0000'), 'must be in years 0001 to 9999');

/** The largest value of PostgreSQL's bigint, which ids and sequence numbers in cursors are. */
const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A bigint id or sequence number as text (cursors, decision ids): digits only, and within bigint. */
export const bigintText = () =>
  z
    .string()
    .regex(/^\d{1,19}$/)
    // zod runs a refinement even after the regex failed: only digits may reach BigInt.
    .refine((value) => !/^\d+$/.test(value) || BigInt(value) <= BIGINT_MAX, 'is out of range');
