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

/** Turns anything thrown into a problem document; unknown errors are logged and never exposed. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let problem: AppError | null = null;
    if (error instanceof AppError) problem = error;
    else if (error instanceof Error && 'type' in error) problem = fromBodyParser(error as never);
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
