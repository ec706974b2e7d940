/** A field path and what is wrong with it, as listed in a validation problem. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * An error the client caused or must know about; the error middleware turns it into
 * application/problem+json (RFC 9457) with `type` derived from `code`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request is not valid.',
  ) {
    super('validation_failed', 400, 'Invalid request', detail, { errors });
  }

  /** The same errors with every path below `where`: a use case's `callbackUrl` is the request's `body.callbackUrl`. */
  under(where: string, detail = this.detail): ValidationError {
    return new ValidationError(
      this.errors.map((error) => ({ path: `${where}.${error.path}`, message: error.message })),
      detail,
    );
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', 404, 'Not found', `${what} was not found.`);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid bearer token is required.') {
    super('unauthorized', 401, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super('forbidden', 403, 'Forbidden', detail);
  }
}

export class ConflictError extends AppError {
  constructor(
    code: string,
    detail: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(code, 409, 'Conflict', detail, extra, headers);
  }
}

/** PostgreSQL (or another dependency the answer needs) cannot be reached; the client should retry. */
export class UnavailableError extends AppError {
  constructor(detail: string, retryAfterSeconds = 5) {
    super(
      'service_unavailable',
      503,
      'Service unavailable',
      detail,
      {},
      {
        'retry-after': String(retryAfterSeconds),
      },
    );
  }
}

/** Why a signed (Standard Webhooks) request was refused; each is its own problem code. */
export type SignatureFailure = 'signature_invalid' | 'timestamp_out_of_range' | 'replayed_request';

/** A signed request that does not prove it comes from the site, now and for the first time. */
export class SignatureError extends AppError {
  constructor(code: SignatureFailure, detail: string) {
    super(code, 401, 'Unauthorized', detail);
  }
}

/** The site sent more than its limit; `headers` carry Retry-After and the RateLimit fields. */
export class RateLimitedError extends AppError {
  constructor(detail: string, headers: Record<string, string>) {
    super('rate_limited', 429, 'Too many requests', detail, {}, headers);
  }
}

/** A sign-in whose name and password, or token, do not match a moderator. */
export class InvalidCredentialsError extends AppError {
  constructor(detail = 'The name and password, or the token, are not valid.') {
    super('invalid_credentials', 401, 'Unauthorized', detail);
  }
}

/** A state-changing request made with the session cookie but without the session's CSRF token. */
export class CsrfError extends AppError {
  constructor() {
    super(
      'csrf_failed',
      403,
      'Forbidden',
      'Requests made with the session cookie must send the x-csrf-token header that GET /v1/session returns.',
    );
  }
}
