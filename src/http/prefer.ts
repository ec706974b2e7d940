/** The longest `Prefer: wait` the intake honours, in seconds; longer asks are clamped to it. */
export const MAX_PREFER_WAIT_SECONDS = 10;

/**
 * The seconds of an RFC 7240 `wait` preference, clamped to 1..MAX_PREFER_WAIT_SECONDS, or null
 * when there is none or its value is not a positive whole number (a bad preference is ignored,
 * as the RFC asks). Several Prefer headers arrive joined by commas; the first `wait` counts.
 */
export function parsePreferWait(header: string | string[] | undefined): number | null {
  if (header === undefined) return null;
  const joined = Array.isArray(header) ? header.join(',') : header;
  // preference = token [ "=" word ] *( ";" parameter ); word = token / quoted-string
  const preference = /(?:^|,)\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*("[^"]*"|[^,;\s]*))?[^,]*/g;
  for (const match of joined.matchAll(preference)) {
    if (match[1]!.toLowerCase() !== 'wait') continue;
    const value = (match[2] ?? '').replace(/^"(.*)"$/, '$1');
    if (!/^\d{1,10}$/.test(value)) return null;
    const seconds = Number(value);
    return seconds === 0 ? null : Math.min(seconds, MAX_PREFER_WAIT_SECONDS);
  }
  return null;
}
