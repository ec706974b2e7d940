import dns, { type LookupAddress, type LookupOptions } from 'node:dns';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Emulates, in this test process, the wildcard DNS record an operator sets up for Akismet clients
 * (`*.akismet.example` → the service): names under `suffix` resolve to 127.0.0.1, others as usual.
 * It replaces dns.lookup, which Node's sockets call for every client library; the returned
 * function puts the original back.
 */
export function installWildcardDns(suffix: string): () => void {
  const original = dns.lookup;
  const lookup = (hostname: string, options: LookupOptions | LookupCallback, callback?: LookupCallback) => {
    const done = (typeof options === 'function' ? options : callback)!;
    const opts = typeof options === 'function' ? {} : options;
    if (hostname !== suffix && !hostname.endsWith(`.${suffix}`)) {
      return (original as (h: string, o: LookupOptions, c: LookupCallback) => void)(hostname, opts, done);
    }
    // Node asks for every address (all: true) when it races IPv4 and IPv6; otherwise for one.
    if (opts.all) done(null, [{ address: '127.0.0.1', family: 4 }]);
    else done(null, '127.0.0.1', 4);
  };
  (dns as { lookup: unknown }).lookup = lookup;
  return () => {
    (dns as { lookup: unknown }).lookup = original;
  };
}
