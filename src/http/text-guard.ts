import type { RequestHandler } from 'express';
import { AppError, ValidationError, type FieldError } from '../errors';
import { unsafeCharacter } from '../moderation/text/safe-text';

/**
 * How deep a request body may nest. Deeper is refused before validation, whose recursion a body
 * nested 5,000 arrays deep would exhaust (RangeError); no field of the API nests a tenth of this.
 */
export const MAX_BODY_DEPTH = 32;
/** Enough errors to fix a request; a body with ten thousand bad strings need not list them all. */
const MAX_ERRORS = 20;

/**
 * Field errors for every string (values and keys) of `value` that may not be stored, and for nesting
 * past MAX_BODY_DEPTH, at paths below `root`. Iterative, so the walk itself cannot overflow the stack.
 */
export function unsafeTextErrors(value: unknown, root: string, maxDepth = MAX_BODY_DEPTH): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = unsafeCharacter(current);
      if (problem) errors.push({ path, message: problem });
    } else if (current !== null && typeof current === 'object') {
      if (depth >= maxDepth) {
        errors.push({ path, message: `must not nest more than ${maxDepth} levels deep` });
        continue;
      }
      for (const [key, child] of Object.entries(current)) {
        const keyProblem = unsafeCharacter(key);
        if (keyProblem) errors.push({ path, message: `a key ${keyProblem}` });
        stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return errors;
}

/**
 * Refuses a request whose path does not decode, or whose path or query carries a NUL character or
 * a lone surrogate, before any route reads it: PostgreSQL cannot store or compare such text. The
 * first middleware of the app, so every route, file and 404 answers these the same way.
 */
export const rejectUnsafeUrl: RequestHandler = (req, _res, next) => {
  const errors: FieldError[] = [];
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new AppError(
        'malformed_path',
        400,
        'Malformed path',
        'The path is not valid percent-encoded UTF-8.',
      );
    }
    const problem = unsafeCharacter(decoded);
    if (problem) errors.push({ path: 'path', message: problem });
  }
  errors.push(...unsafeTextErrors(req.query, 'query'));
  if (errors.length > 0) throw new ValidationError(errors, 'The request URL is not valid.');
  next();
};

/**
 * Refuses a parsed body with a NUL character or a lone surrogate in any string or key, or nested
 * past MAX_BODY_DEPTH. Mounted after each body parser (JSON, and Akismet's forms). The service
 * refuses such text rather than cleaning it: a site that sends it has a bug to hear about, and a
 * cleaned comment would no longer match its own id's content on a retry.
 */
export const rejectUnsafeBody: RequestHandler = (req, _res, next) => {
  const errors = unsafeTextErrors(req.body, 'body');
  if (errors.length > 0) throw new ValidationError(errors, 'The request body is not valid.');
  next();
};
