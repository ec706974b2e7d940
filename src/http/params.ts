import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../errors';

/** Reads a uuid route parameter; a malformed one cannot name anything, so it is a 404 naming `what`. */
export function uuidParam(req: Request, name: string, what: string): string {
  const value = req.params[name];
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new NotFoundError(`${what} ${value}`);
  return parsed.data;
}

/**
 * A resolve-or-404 provider in the manner of bull-board's queue and job providers: wraps a handler
 * so that it runs with the thing a uuid route parameter names, as a use case finds it for this
 * request. A malformed id and an id that names nothing (or nothing the caller may see) are one 404.
 */
export function provider<T>(
  what: string,
  param: string,
  find: (id: string, req: Request) => Promise<T | null>,
) {
  return (handler: (req: Request, res: Response, found: T) => Promise<void> | void): RequestHandler =>
    async (req, res) => {
      const id = uuidParam(req, param, what);
      const found = await find(id, req);
      if (found === null) throw new NotFoundError(`${what} ${id}`);
      await handler(req, res, found);
    };
}

/** Reads a numeric id route parameter (decisions, notes); a malformed one cannot name anything: 404. */
export function numericIdParam(req: Request, name: string, what: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || !/^[1-9]\d{0,17}$/.test(value))
    throw new NotFoundError(`${what} ${value}`);
  return value;
}
