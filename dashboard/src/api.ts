import type { Claim, ReviewComment } from './types';

/** An RFC 9457 problem as the API sends it, with the extensions the dashboard reads. */
export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Array<{ path: string; message: string }>;
  current?: ReviewComment;
  claimedBy?: Claim;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

// The API lives beside /dashboard/, so a proxy may serve both under one path prefix.
const base = new URL('../', location.href);
let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

/** The session's CSRF token, sent with every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401: the session ended. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** `?a=1&b=2` of the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Calls the API with the session cookie; throws ApiError with the problem on a 4xx or 5xx. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { keepalive?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(new URL(path.replace(/^\//, ''), base), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    keepalive: options.keepalive,
  });
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    if (res.status === 401 && path !== '/v1/session') onSignedOut?.();
    throw new ApiError(res.status, data as Problem);
  }
  return data as T;
}

/** What to tell a person about a failed call. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title ?? error.message;
  return error instanceof Error ? `Cannot reach the service (${error.message}).` : String(error);
}
