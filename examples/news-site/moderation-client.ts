import type { ModerationStatus } from './store';

/** The body of POST /v1/comments, as the service documents it (README, "Site integration"). */
export interface CommentSubmission {
  id: string;
  content: string;
  author: { name: string; email?: string; ip?: string; userAgent?: string };
  thread: { id: string; url: string; title: string };
  /** The hidden form field: people leave it empty, bots fill it; the service rejects a filled one. */
  honeypot?: string;
  /** `renderedAt`: when the form was shown, for the service's time-to-submit rule. */
  meta: { renderedAt?: string };
}

export type SubmitResult =
  /** 200 (verdict ready in time, or a repeat of the same id) or 202 (stored, queued). */
  | { kind: 'accepted'; status: ModerationStatus; version: number }
  /** A 4xx: the service refused the request and stored nothing. */
  | { kind: 'refused'; httpStatus: number; code?: string; detail?: string };

export interface ModerationClientOptions {
  /** e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** The site's apiKey (sk-…), shown once when the site was created. */
  apiKey: string;
  /** Seconds to let the service wait for the verdict (`Prefer: wait`); 0 answers at once. */
  waitSeconds?: number;
}

/**
 * Posts a comment to the moderation service. Throws on network errors and 5xx (nothing is known to
 * be stored: send the same `id` again later, which is safe because the id is the idempotency key).
 */
export async function submitComment(
  options: ModerationClientOptions,
  comment: CommentSubmission,
): Promise<SubmitResult> {
  const waitSeconds = options.waitSeconds ?? 2;
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    'content-type': 'application/json',
  };
  if (waitSeconds > 0) headers.prefer = `wait=${waitSeconds}`;
  const res = await fetch(new URL('/v1/comments', options.baseUrl), {
    method: 'POST',
    headers,
    body: JSON.stringify(comment),
    signal: AbortSignal.timeout((waitSeconds + 5) * 1000),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 200 || res.status === 202) {
    return { kind: 'accepted', status: body.status as ModerationStatus, version: Number(body.version) };
  }
  if (res.status >= 400 && res.status < 500) {
    return {
      kind: 'refused',
      httpStatus: res.status,
      code: typeof body.code === 'string' ? body.code : undefined,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
    };
  }
  throw new Error(`moderation service answered ${res.status}`);
}
