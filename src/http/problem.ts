import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, UnavailableError } from '../errors';
import { isDatabaseUnavailable } from '../db/pool';
import type { Logger } from '../logger';

export const PROBLEM_TYPE_BASE = 'https://comment-moderation.dev/problems/';

/** Writes an RFC 9457 problem document. The only place that shapes error responses. */
export function sendProblem(res: Response, error: AppError): void {
  res
    .status(error.status)
    .set(error.headers)
    .type('application/problem+json')
    .json({
      type: PROBLEM_TYPE_BASE + error.code,
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      ...error.extra,
    });
}

/** body-parser's error types, mapped to what the client did wrong. */
function fromBodyParser(error: { type?: string; status?: number; message: string }): AppError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError(
        'malformed_json',
        400,
        'Malformed JSON',
        `The body is not valid JSON: ${error.message}`,
      );
    case 'entity.too.large':
      return new AppError(
        'body_too_large',
        413,
        'Body too large',
        'The request body exceeds the size limit.',
      );
    case 'parameters.too.many':
      return new AppError('too_many_parameters', 413, 'Too many parameters', 'The form has too many fields.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_encoding', 415, 'Unsupported encoding', error.message);
    case 'request.aborted':
      return new AppError('request_aborted', 400, 'Request aborted', 'The client closed the request early.');
    default:
      return null;
  }
}

/** Titles of the client errors other libraries raise with a `status` (http-errors), by status. */
const CLIENT_ERRORS: Record<number, [code: string, title: string]> = {
  404: ['not_found', 'Not found'],
  413: ['body_too_large', 'Body too large'],
  415: ['unsupported_media_type', 'Unsupported media type'],
};

/**
 * A 4xx that a library raised (http-errors, with `status` and `expose`): the router's undecodable
 * path parameter, body-parser's body that does not decompress under its Content-Encoding, a file
 * request serve-static refuses. Null for anything else.
 */
function fromHttpError(error: { status?: unknown; statusCode?: unknown; code?: unknown }): AppError | null {
  const status = Number(error.status ?? error.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 499) return null;
  if (typeof error.code === 'string' && /^(Z_|ERR_(ZLIB|BROTLI|PADDING|BUFFER))/.test(error.code)) {
    return new AppError(
      'malformed_body',
      400,
      'Malformed body',
      'The body does not decode under its Content-Encoding (gzip, deflate or br).',
    );
  }
  const [code, title] = CLIENT_ERRORS[status] ?? ['bad_request', 'Bad request'];
  return new AppError(code, status, title, 'The request is not valid.');
}

/**
 * PostgreSQL's class 22 (data exception: a number past bigint, a date before year 1, text it cannot
 * store) raised by a request is the request's value, not the service, failing: the edge checks
 * what it can first, and this net catches what they miss as a 400 instead of a 500.
 */
function fromDataException(error: unknown): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  return new AppError(
    'invalid_value',
    400,
    'Invalid value',
    'A value in the request is out of the range the service can store or compare.',
  );
}

/**
 * Turns anything thrown into a problem document: the service's own errors, the client errors of
 * the libraries under it and PostgreSQL's data exceptions as 4xx; an unreachable database as 503;
 * anything else is a logged 500 that exposes nothing.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let problem: AppError | null = null;
    if (error instanceof AppError) problem = error;
    else if (error instanceof Error && 'type' in error) problem = fromBodyParser(error as never);
    if (!problem && error !== null && typeof error === 'object') problem = fromHttpError(error);
    if (!problem) {
      problem = fromDataException(error);
      if (problem) (req.log ?? logger).warn({ err: error }, 'request value refused by the database');
    }
    if (!problem && isDatabaseUnavailable(error)) {
      (req.log ?? logger).warn({ err: error }, 'database unavailable');
      problem = new UnavailableError('The database is unavailable; nothing was stored. Retry later.');
    }
    if (!problem) {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
      problem = new AppError(
        'internal_error',
        500,
        'Internal server error',
        'Something went wrong on our side.',
      );
    }
    sendProblem(res, problem);
  };
}

/** 404 for every path no route claimed. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, new AppError('not_found', 404, 'Not found', `No route for ${req.method} ${req.path}.`));
};

/** Requests with a body must declare it as JSON, so a form post is not silently read as empty. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['content-length'] !== '0' &&
    (req.headers['transfer-encoding'] || req.headers['content-length']);
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is('application/json')) {
    throw new AppError(
      'unsupported_media_type',
      415,
      'Unsupported media type',
      'Send the body as application/json.',
    );
  }
  next();
};
