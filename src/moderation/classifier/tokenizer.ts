import { createHash } from 'node:crypto';
import type { Span } from '../types';

/** Tokens learned or scored per document; the rest of a very long comment adds nothing but time. */
export const MAX_TOKENS = 500;
/** Characters read per document, the same cap as the checks' (a 20,000-character comment stays fast). */
export const MAX_TOKENIZED_CHARS = 20_000;
const MIN_WORD = 2;
const MAX_WORD = 30;
// Word pairs catch spam phrasing ("check out", "my channel"); on the YouTube split they raised
// recall at P(spam) >= 0.9 from 0.19 to 0.23 without costing precision.
const USE_BIGRAMS = true;

// Letters with their combining marks, or digits; everything else separates words.
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
// Scheme-prefixed URLs and www. hosts, as the links check finds them.
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()]+[^\s<>"'().,;:!?]/giu;
// Bare host names ("freecodes.com/x"): only with a common top-level domain, so "e.g." or "Mr.Smith" stay words.
const BARE_HOST =
  /(?<![\p{L}\p{N}.@-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|info|biz|xyz|online|site|club|top|io|ly|me|tv|co|us|uk|ru|de|vn|in|tk|ml|ga|cf|gq|pw|cc|ws|eu|fr|nl|pl|es|it|br|cn|jp))(?![\p{L}\p{N}-])(?:[/?#][^\s<>"'()]*)?/giu;
// Bounded and anchored at a boundary: an unbounded `[...]+@` rescans the rest of the text from every position.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})+/u;
const DIGITS_RUN = /\d{5,}/u;
const LETTER = /^\p{L}$/u;
// A byte-order mark or zero-width character, anywhere: web comments carry them, and spammers hide words with them.
const INVISIBLE = /^[\uFEFF\u200B-\u200D\u2060\u00AD]$/u;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
};

/** Decodes the HTML entities web comments carry (`&amp;`, `&#39;`, `&#x27;`); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A normalized text, and for each of its characters the range of the original it came from. */
export interface NormalizedText {
  text: string;
  /** Null when the text is the original, character for character. */
  starts: number[] | null;
  ends: number[] | null;
}

// One entity, one invisible character, or one base character with its combining marks.
const SEGMENT =
  /&(?:#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});|[\uFEFF\u200B-\u200D\u2060\u00AD]|[^][\p{M}]*/giuy;
// A combining mark as SEGMENT reads one (its `i` flag makes it take what folds to a mark, too).
const MARK = /[\p{M}]/iuy;
// Printable ASCII without `&`, and ASCII white space: nothing to decode, drop or fold.
const PLAIN = /^[\x20-\x25\x27-\x7e\t\n\r\f\v]*$/;
const isPlain = (code: number) =>
  (code >= 0x20 && code <= 0x7e && code !== 0x26) || (code >= 9 && code <= 13);

/**
 * The text as the tokenizer reads it: capped, HTML entities decoded, invisible characters
 * (a byte-order mark, zero-width spaces) dropped, and NFKC-folded so full-width or stylised
 * letters ("ｗｗｗ.FreeCodes.ｃom") read as plain ones. Folding goes segment by segment, so each
 * character of the result knows where it came from and spans can point into the original.
 */
export function normalizeText(raw: string): NormalizedText {
  const capped = raw.slice(0, MAX_TOKENIZED_CHARS);
  if (PLAIN.test(capped)) return { text: capped, starts: null, ends: null };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  while (at < capped.length) {
    // A run of plain characters is its own folding, one segment per character; the last one
    // starts a segment of its own when a mark follows it.
    let end = at;
    while (end < capped.length && isPlain(capped.charCodeAt(end))) end++;
    MARK.lastIndex = end;
    if (end > at && end < capped.length && MARK.test(capped)) end--;
    if (end > at) {
      text += capped.slice(at, end);
      for (let i = at; i < end; i++) {
        starts.push(i);
        ends.push(i + 1);
      }
      at = end;
      continue;
    }
    SEGMENT.lastIndex = at;
    const segment = SEGMENT.exec(capped)![0];
    let folded: string;
    if (segment.length > 1 && segment[0] === '&') folded = decodeEntities(segment).normalize('NFKC');
    else if (INVISIBLE.test(segment)) folded = '';
    else folded = segment.normalize('NFKC');
    text += folded;
    for (let i = 0; i < folded.length; i++) {
      starts.push(at);
      ends.push(at + segment.length);
    }
    at += segment.length;
  }
  return { text, starts, ends };
}

/** The range of the original text that a range of its normalized text came from. */
export function originalSpan(normalized: NormalizedText, start: number, end: number): Span {
  if (!normalized.starts || !normalized.ends) return { start, end };
  return { start: normalized.starts[start] ?? 0, end: normalized.ends[end - 1] ?? 0 };
}

/** The host of a link, lower-cased and without `www.`; null when it does not look like one. */
export function hostOf(link: string): string | null {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#\s]*@)?([^/?#:\s\\]+)/iu.exec(link);
  const host = match?.[1]
    ?.toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.+$/, '');
  return host && host.includes('.') ? host : null;
}

/** The hosts of the links in a normalized text, each with its span there, in text order. */
export function findHosts(text: string): Array<{ host: string; start: number; end: number }> {
  const urls = [...text.matchAll(URL)].map((match) => ({
    host: hostOf(match[0]),
    start: match.index,
    end: match.index + match[0].length,
  }));
  const found = urls.filter((url): url is { host: string; start: number; end: number } => url.host !== null);
  // Bare hosts inside a URL (its path, say) are part of that URL; both lists come in text order.
  let next = 0;
  for (const match of text.matchAll(BARE_HOST)) {
    const start = match.index;
    while (next < urls.length && urls[next]!.end <= start) next++;
    const url = urls[next];
    if (url && start >= url.start) continue;
    const host = hostOf(match[0]);
    if (host) found.push({ host, start, end: start + match[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `bit.ly`, `4rum.hnsv.com` → `hnsv.com`: the last two labels (three under `co.uk`-style second levels). */
export function registrableDomain(host: string): string {
  const labels = host.split('.');
  const keep = labels.length > 2 && /^(?:co|com|net|org|gov|ac|edu)$/.test(labels.at(-2) ?? '') ? 3 : 2;
  return labels.slice(-keep).join('.');
}

function lengthClass(chars: number): string {
  if (chars < 40) return 'len:short';
  if (chars < 200) return 'len:medium';
  return 'len:long';
}

/** True when most letters of a text of some length are capitals. */
function isShouting(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // ASCII without a regular expression: most text is.
    if (code < 0x80) {
      if (code >= 65 && code <= 90) upper++;
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
      continue;
    }
    const letter = String.fromCodePoint(text.codePointAt(i)!);
    i += letter.length - 1;
    if (!LETTER.test(letter)) continue;
    letters++;
    if (letter !== letter.toLowerCase()) upper++;
  }
  return letters >= 12 && upper / letters > 0.6;
}

/** Lower-cases a word the way tokens are stored, or null when it is not one (too short, too long, a long number). */
export function wordToken(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower.length < MIN_WORD || lower.length > MAX_WORD) return null;
  // Phone numbers and order codes are one-offs; has:digits-run carries what they say.
  if (/^\d{5,}$/.test(lower)) return null;
  return lower;
}

/** A token's occurrence, in normalized-text offsets. */
interface Occurrence {
  token: string;
  start: number;
  end: number;
}

/**
 * Walks a normalized text and calls `emit` for each token occurrence, in text order after the
 * meta tokens; stops when `emit` returns false. Words inside links are not words: the domain
 * says it once instead of three times.
 */
function scan(text: string, emit: (occurrence: Occurrence) => boolean): void {
  const hosts = findHosts(text);
  const whole = { start: 0, end: 0 };
  const meta = [lengthClass(text.trim().length)];
  if (hosts.length > 0) meta.push('has:url');
  if (EMAIL.test(text)) meta.push('has:email');
  if (DIGITS_RUN.test(text)) meta.push('has:digits-run');
  if (isShouting(text)) meta.push('has:shout');
  for (const token of meta) if (!emit({ token, ...whole })) return;
  for (const { host, start, end } of hosts) {
    if (!emit({ token: `dom:${host}`, start, end })) return;
    if (!emit({ token: `dom:${registrableDomain(host)}`, start, end })) return;
  }

  // The text with its links blanked out, offsets unchanged.
  let rest = '';
  let from = 0;
  for (const { start, end } of hosts) {
    if (start < from) continue;
    rest += text.slice(from, start) + ' '.repeat(end - start);
    from = end;
  }
  rest += text.slice(from);
  let previous: Occurrence | null = null;
  for (const match of rest.matchAll(WORD)) {
    const word = wordToken(match[0]);
    if (!word) continue;
    const current = { token: word, start: match.index, end: match.index + match[0].length };
    if (!emit(current)) return;
    if (USE_BIGRAMS && previous) {
      if (!emit({ token: `bi:${previous.token} ${word}`, start: previous.start, end: current.end })) return;
    }
    previous = current;
  }
}

/**
 * The unique tokens of a document, in order of first appearance, at most MAX_TOKENS: words
 * (2–30 letters or digits, lower-cased), `dom:` link hosts and their registrable domains, meta
 * tokens (`has:url`, `has:email`, `has:digits-run`, `has:shout`, `len:*`) and `bi:` word pairs.
 */
export function tokenize(raw: string): string[] {
  const tokens = new Set<string>();
  scan(normalizeText(raw).text, ({ token }) => {
    tokens.add(token);
    return tokens.size < MAX_TOKENS;
  });
  return [...tokens];
}

/**
 * Where the given tokens occur in the original text (meta tokens have no place), for marking
 * them to a moderator. Looks as far as tokenize does.
 */
export function locateTokens(raw: string, wanted: ReadonlySet<string>): Map<string, Span[]> {
  const normalized = normalizeText(raw);
  const found = new Map<string, Span[]>();
  const seen = new Set<string>();
  scan(normalized.text, ({ token, start, end }) => {
    seen.add(token);
    if (wanted.has(token) && end > start) {
      const spans = found.get(token) ?? [];
      spans.push(originalSpan(normalized, start, end));
      found.set(token, spans);
    }
    return seen.size < MAX_TOKENS;
  });
  return found;
}

/** The key of a training-file example: the same text learned twice is one example. */
export function textExampleKey(text: string): string {
  const normalized = normalizeText(text).text.toLowerCase().replace(/\s+/gu, ' ').trim();
  return `text:${createHash('sha256').update(normalized).digest('hex')}`;
}
