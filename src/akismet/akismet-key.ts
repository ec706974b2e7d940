import { SITE_KEY_PATTERN } from '../secrets';

/** Longer is no key of ours; not looked up. */
const MAX_KEY_CHARS = 200;

/** What an Akismet call carries that may hold its API key. */
export interface KeyCarriers {
  /** The parsed form. */
  form: Record<string, unknown>;
  /** The bearer token of the Authorization header, if any. */
  bearer: string | null;
  /** The raw Authorization header, for Basic. */
  authorization: string | undefined;
  /** The host name the call was sent to, without the port. */
  hostname: string | undefined;
}

/** The API key of an Akismet call, or why there is none, for X-akismet-debug-help. */
export type FoundKey = { key: string; hint?: undefined } | { key: null; hint: string };

/**
 * The key in a host name `<key>.<host>`, as Akismet clients send it (`<key>.rest.akismet.com`) when
 * the operator points a wildcard DNS name at the service. Host names are case-insensitive and
 * clients lower-case them, so only host-safe keys (`sk-` and lower-case base32) can travel there.
 */
function keyInHostname(hostname: string | undefined): string | null {
  const labels = (hostname ?? '').toLowerCase().split('.');
  return labels.length > 1 && SITE_KEY_PATTERN.test(labels[0]!) ? labels[0]! : null;
}

/**
 * The API key of an Akismet call, from the first place that has one: the `api_key` form field
 * (Akismet's current way), `key` (older clients' verify-key), the Authorization header (a bearer
 * token, or a Basic user name, as a URL `https://<key>@host` sends it), or the host name's first label.
 */
export function akismetKeyOf(carriers: KeyCarriers): FoundKey {
  const { form } = carriers;
  const field = ['api_key', 'key'].map((name) => form[name]).find((v) => typeof v === 'string' && v !== '');
  const basic = /^Basic\s+(\S+)\s*$/i.exec(carriers.authorization ?? '')?.[1];
  const basicUser = basic
    ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0]!.replace(/\.$/, '')
    : '';
  const key =
    (field as string | undefined) ?? carriers.bearer ?? (basicUser || keyInHostname(carriers.hostname));
  if (key && key.length <= MAX_KEY_CHARS) return { key };
  if (/^sk_/i.test(carriers.hostname ?? '')) {
    return {
      key: null,
      hint:
        'Keys of the older form (sk_...) cannot travel in a host name, which is case-insensitive: rotate ' +
        'the key for a host-safe one (sk-...), or send it as api_key.',
    };
  }
  return {
    key: null,
    hint: 'Send the API key as api_key, or as the first label of the host name (<key>.<host>).',
  };
}
