import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CallbackRefusedError, refusalByUrl, type AllowHosts } from './ssrf';

/** What one POST to a site's callback URL came to. */
export interface CallbackResponse {
  /** The HTTP status, or null when no answer came (network error, timeout, refusal). */
  statusCode: number | null;
  retryAfter: string | null;
  latencyMs: number;
  /** Why no answer came; null when one did. */
  error: string | null;
  /** Our own SSRF policy refused the target: retrying cannot help. */
  refused: boolean;
}

export interface SendOptions {
  allow: AllowHosts;
  /** Resolves and checks host names; the socket connects to what it returns. */
  lookup: LookupFunction;
  timeoutMs: number;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/**
 * POSTs a body to a callback URL and reports the answer's status. No redirect is followed and the
 * answer's body is not read. node:http rather than fetch so that the connection goes through our
 * `lookup`; an IP-address host is never looked up, so it is checked here first.
 */
export function postCallback(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<CallbackResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: unknown): CallbackResponse => ({
    statusCode: null,
    retryAfter: null,
    latencyMs: elapsed(),
    error: describe(error),
    refused: error instanceof CallbackRefusedError,
  });

  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(failed(new CallbackRefusedError(`${target} is not a URL`)));
  }
  const refusal = refusalByUrl(url, options.allow);
  if (refusal) return Promise.resolve(failed(new CallbackRefusedError(refusal)));

  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: CallbackResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: options.lookup,
        // A fresh connection per attempt: a pooled socket could outlive the address check it passed.
        agent: false,
      },
      (res: IncomingMessage) => {
        const retryAfter = res.headers['retry-after'];
        settle({
          statusCode: res.statusCode ?? null,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          latencyMs: elapsed(),
          error: null,
          refused: false,
        });
        res.destroy();
      },
    );
    // Declared after the request: settle only runs from the request's events, which come later.
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('error', (error) => settle(failed(error)));
    req.end(body);
  });
}
