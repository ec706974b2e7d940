/** A parsed JSON body; tests assert its shape, so it is loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** What a test needs of an HTTP answer. */
export interface HttpResponse<T = Json> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: T;
}

/**
 * A minimal JSON client of a running api process (Node's fetch), the way a site or a moderator
 * talks to it: no supertest, no shared memory, only HTTP on 127.0.0.1.
 */
export function createHttpClient(baseUrl: string) {
  return async function call<T = Json>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: body as T };
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
