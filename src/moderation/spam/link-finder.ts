import { domainToUnicode } from 'node:url';
import type { Span } from '../types';
import type { Link } from '../text/analysis';
import { TLDS, WORD_TLDS } from './domains';

export type { Link } from '../text/analysis';

// Fullwidth ASCII (U+FF01–FF5E) and dot look-alikes map one UTF-16 unit to one, so offsets survive folding.
const DOT_LOOKALIKES = new Set([0x3002, 0xff61, 0x2024]);
const isWide = (code: number) => (code >= 0xff01 && code <= 0xff5e) || DOT_LOOKALIKES.has(code);

/** Maps fullwidth letters and dot look-alikes to ASCII, keeping every offset. */
export function foldWidth(text: string): string {
  if (!/[\uff01-\uff5e\u3002\uff61\u2024]/.test(text)) return text;
  let folded = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    folded += DOT_LOOKALIKES.has(code) ? '.' : isWide(code) ? String.fromCharCode(code - 0xfee0) : text[i];
  }
  return folded;
}

// Every link pattern starts after a non-word character, so a long run of letters or dots is scanned
// once rather than from every offset (no quadratic blow-up on 20,000-character junk).
const URL_CHARS = `[^\\s<>"'(){}\\[\\]]`;
const SCHEME_URL = new RegExp(`(?<![\\p{L}\\p{N}])(?:https?|hxxps?|ftp):\\/\\/${URL_CHARS}+`, 'giu');
const SPACED_SCHEME = /(?<![\p{L}\p{N}])h[\s.]*t[\s.]*t[\s.]*p[\s.]*s?[\s.]*:[\s.]*\/[\s.]*\//giu;
const WWW_URL = new RegExp(`(?<![\\p{L}\\p{N}.@-])www\\.${URL_CHARS}+`, 'giu');
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const BARE_DOMAIN = new RegExp(
  `(?<![\\p{L}\\p{N}.@/\\-_])(?:${LABEL}\\.)+\\p{L}{2,24}(?![\\p{L}\\p{N}\\-])(?:[/?#]${URL_CHARS}*)?`,
  'giu',
);
// "example dot com", "example(dot)com", "example[.]com", "example .com", "example. com", "tinyurl*com".
const OBFUSCATED_DOMAIN =
  /(?<![\p{L}\p{N}.@-])([\p{L}\p{N}][\p{L}\p{N}-]{1,62})(\s*[([{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+|\s*\*\s*|\s+\.\s*|\.\s+)(com|net|org|info|biz|ru|tk)(?![\p{L}\p{N}])/giu;
// "exampleDOTcom": case-sensitive, so the word "dotcom" is not a link.
const GLUED_DOT = /(?<![\p{L}\p{N}.@-])([\p{L}\p{N}-]{2,62})(?:DOT|Dot)(com|net|org)(?![\p{L}\p{N}])/gu;
// "the dot com bubble" is prose, not a link.
const NOT_A_NAME = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'old',
  'big',
  'no',
  'of',
  'first',
  'early',
  'late',
]);

const TRAILING_PUNCTUATION = /[.,;:!?'"*]+$/;

// Cheap tests that tell most comments apart from any text a pattern could match, so the Unicode
// patterns above only run over the few texts that might hold a link of their kind.
const MIGHT_HAVE = {
  scheme: (text: string) => text.includes('://'),
  www: (text: string) => /www\./i.test(text),
  spacedScheme: (text: string) => /h\W{1,3}t|t\W{1,3}p\W{0,3}:/i.test(text),
  bareDomain: (text: string) => /[^\s.]\.[^\s.\d]/.test(text),
  obfuscated: (text: string) => /(?:com|net|org|info|biz|ru|tk)(?![a-z0-9])/i.test(text),
  gluedDot: (text: string) => /DOT|Dot/.test(text),
};

function splitHostAndRest(url: string): { host: string; rest: string } {
  const withoutScheme = url.replace(/^[a-z]+:\/\//i, '');
  const cut = withoutScheme.search(/[/?#\\]/);
  let host = cut === -1 ? withoutScheme : withoutScheme.slice(0, cut);
  const rest = cut === -1 ? '' : withoutScheme.slice(cut);
  host = host.slice(host.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  return { host: normalizeHost(host), rest: rest.toLowerCase() };
}

/** Lower-case Unicode form of a host name; punycode labels are decoded, invalid ones kept as written. */
export function normalizeHost(host: string): string {
  const lower = host.toLowerCase().replace(/\.+$/, '');
  if (!lower.includes('xn--')) return lower;
  return domainToUnicode(lower) || lower;
}

/**
 * The longest prefix of a dotted name that ends in a known top-level domain, or null.
 * A word-like TLD counts only with a path after it or two labels before it.
 */
function trimToDomain(name: string, hasPath: boolean): string | null {
  const labels = name.toLowerCase().split('.');
  for (let last = labels.length - 1; last >= 1; last--) {
    const tld = labels[last]!;
    const isFinal = last === labels.length - 1;
    if (TLDS.has(tld) || (WORD_TLDS.has(tld) && ((isFinal && hasPath) || last >= 2))) {
      return labels.slice(0, last + 1).join('.');
    }
  }
  return null;
}

function pushBareDomains(folded: string, text: string, into: Link[]) {
  for (const match of folded.matchAll(BARE_DOMAIN)) {
    const raw = match[0].replace(TRAILING_PUNCTUATION, '');
    const pathAt = raw.search(/[/?#]/);
    const name = pathAt === -1 ? raw : raw.slice(0, pathAt);
    const domain = trimToDomain(name, pathAt !== -1);
    // "10.ml" is a quantity, not a host.
    if (!domain || !/\p{L}/u.test(domain.slice(0, domain.lastIndexOf('.')))) continue;
    const length = domain.length === name.length ? raw.length : domain.length;
    const start = match.index;
    const written = text.slice(start, start + length);
    into.push({
      text: written,
      host: normalizeHost(domain),
      rest: domain.length === name.length && pathAt !== -1 ? raw.slice(pathAt).toLowerCase() : '',
      span: { start, end: start + length },
      obfuscated: written !== folded.slice(start, start + length),
    });
  }
}

/** The host written after a spaced-out scheme: "a d f . l y" or "adf.ly", up to the path. */
function readSpacedHost(folded: string, from: number): { host: string; end: number } {
  const window = folded.slice(from, from + 80);
  let host = '';
  let end = from;
  for (const token of window.matchAll(/\S+/g)) {
    const word = token[0];
    if (word.startsWith('/')) break;
    const piece = word.replace(/[/?#].*$/, '');
    if (
      host &&
      !(piece.length <= 2 || piece.startsWith('.') || host.endsWith('.') || /^[a-z0-9-]*\.[a-z]/i.test(piece))
    ) {
      break;
    }
    host += piece;
    end = from + token.index + (piece === word ? word.length : word.indexOf(piece) + piece.length);
    if (piece !== word) break;
  }
  return { host: normalizeHost(host), end };
}

/**
 * Finds the links in a text: URLs with a scheme, www. hosts, bare domains ("example.com/path"),
 * and deliberately obfuscated ones ("example dot com", "h t t p : / /", fullwidth letters).
 * Overlapping finds keep the earliest, longest one.
 */
export function findLinks(text: string): Link[] {
  const folded = foldWidth(text);
  const found: Link[] = [];
  const fromMatch = (start: number, raw: string, obfuscated: boolean) => {
    const written = raw.replace(TRAILING_PUNCTUATION, '');
    const { host, rest } = splitHostAndRest(written);
    found.push({
      text: text.slice(start, start + written.length),
      host,
      rest,
      span: { start, end: start + written.length },
      obfuscated: obfuscated || text.slice(start, start + written.length) !== written,
    });
  };
  if (MIGHT_HAVE.scheme(folded)) {
    for (const match of folded.matchAll(SCHEME_URL))
      fromMatch(match.index, match[0], /^hxxp/i.test(match[0]));
  }
  if (MIGHT_HAVE.www(folded)) {
    for (const match of folded.matchAll(WWW_URL)) fromMatch(match.index, match[0], false);
  }
  for (const match of MIGHT_HAVE.spacedScheme(folded) ? folded.matchAll(SPACED_SCHEME) : []) {
    if (!/\s/.test(match[0])) continue; // written normally: SCHEME_URL has it
    const { host, end } = readSpacedHost(folded, match.index + match[0].length);
    found.push({
      text: text.slice(match.index, end),
      host,
      rest: '',
      span: { start: match.index, end: Math.max(end, match.index + match[0].length) },
      obfuscated: true,
    });
  }
  if (MIGHT_HAVE.bareDomain(folded)) pushBareDomains(folded, text, found);
  for (const match of MIGHT_HAVE.obfuscated(folded) ? folded.matchAll(OBFUSCATED_DOMAIN) : []) {
    const [, name = '', separator = '', tld = ''] = match;
    if (/^\s+dot\s+$/i.test(separator) && NOT_A_NAME.has(name.toLowerCase())) continue;
    const end = match.index + match[0].length;
    found.push({
      text: text.slice(match.index, end),
      host: normalizeHost(`${name}.${tld}`),
      rest: '',
      span: { start: match.index, end },
      obfuscated: true,
    });
  }
  for (const match of MIGHT_HAVE.gluedDot(folded) ? folded.matchAll(GLUED_DOT) : []) {
    const end = match.index + match[0].length;
    found.push({
      text: text.slice(match.index, end),
      host: normalizeHost(`${match[1]}.${match[2]}`),
      rest: '',
      span: { start: match.index, end },
      obfuscated: true,
    });
  }
  found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const links: Link[] = [];
  for (const link of found) {
    const previous = links[links.length - 1];
    if (previous && link.span.start < previous.span.end) continue;
    if (isMailDomain(folded.slice(Math.max(0, link.span.start - 8), link.span.start), link.host)) continue;
    links.push(link);
  }
  return links;
}

/** The text with the given (sorted, disjoint) spans replaced by spaces, so offsets still hold. */
export function blankOut(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const pieces: string[] = [];
  let at = 0;
  for (const span of spans) {
    pieces.push(text.slice(at, span.start), ' '.repeat(span.end - span.start));
    at = span.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

const SPELLED_AT = /(?:@|\[\s*at\s*\]|\(\s*at\s*\))\s*$/i;
const MAIL_PROVIDER =
  /^(?:gmail|yahoo|hotmail|outlook|aol|icloud|protonmail|ymail|mail|live|gmx|yandex)\.[a-z.]+$/;

/** "name [at] example [dot] com", "name at gmail dot com": the domain of an e-mail address, not a link. */
function isMailDomain(before: string, host: string): boolean {
  return SPELLED_AT.test(before) || (/\bat\s*$/i.test(before) && MAIL_PROVIDER.test(host));
}
