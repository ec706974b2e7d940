import { isDatabaseUnavailable } from '../src/db/pool';

/** What a failed attempt at moderating a comment means for it. */
export type FailureKind = 'transient' | 'counted' | 'final';

/**
 * PostgreSQL error classes that refuse the data itself: 22 data exception (an invalid Unicode
 * escape in jsonb, a value out of range), 23 integrity constraint violation, 54 program limit
 * exceeded. The same comment would meet them again, so retrying is pointless.
 */
const REFUSED_DATA = /^(22|23|54)[0-9A-Z]{3}$/;

/**
 * How a failure counts: `transient` when the database could not be reached (nothing can be
 * recorded, and the comment is not at fault: BullMQ retries it), `final` when no retry can succeed,
 * `counted` otherwise (one of MAX_PROCESSING_ATTEMPTS).
 */
export function failureKind(error: unknown): FailureKind {
  if (isDatabaseUnavailable(error)) return 'transient';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && REFUSED_DATA.test(code) ? 'final' : 'counted';
}

/** The code kept on the comment: PostgreSQL's SQLSTATE or Node's error code, else the error's name. */
export function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : typeof error;
  const candidate = typeof code === 'string' ? code : name;
  return /^[A-Za-z0-9_.-]{1,64}$/.test(candidate) ? candidate : 'unknown';
}
