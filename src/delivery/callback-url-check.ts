import { ValidationError } from '../errors';
import { checkCallbackUrl, createAllowHosts, resolveAll, type ResolveAll } from './ssrf';

/**
 * The registration-time SSRF check of a callback URL, for every use case that sets one (the admin
 * API and the admin CLI alike): a refused URL is a ValidationError at `callbackUrl`. Absent or null
 * (no callback) passes. The check that counts runs again at every send (see send-callback.ts).
 */
export function createCallbackUrlCheck(options: { allowHosts: readonly string[]; resolve?: ResolveAll }) {
  const allow = createAllowHosts(options.allowHosts);
  return async (url: string | null | undefined): Promise<void> => {
    if (url === null || url === undefined) return;
    const refusal = await checkCallbackUrl(url, { allow, resolve: options.resolve ?? resolveAll });
    if (refusal) {
      throw new ValidationError(
        [{ path: 'callbackUrl', message: refusal }],
        `The callback URL is refused: ${refusal}.`,
      );
    }
  };
}

export type CallbackUrlCheck = ReturnType<typeof createCallbackUrlCheck>;
