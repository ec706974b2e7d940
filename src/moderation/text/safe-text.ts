/*
 * The one sanitiser for text that reaches storage or JSON. PostgreSQL's text and jsonb refuse
 * U+0000, jsonb refuses a lone surrogate (JSON.stringify writes it as `\udXXX`, which jsonb cannot
 * decode), and a cut in the middle of a surrogate pair makes one. Requests carrying either are
 * refused at the edge (src/http/text-guard.ts, with `unsafeCharacter`); text the service derives
 * from stored text (quotes, excerpts, messages) is cut with `cutText` and cleaned with `cleanText`.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);
// eslint-disable-next-line no-control-regex -- NUL is exactly what it removes
const NUL = /\u0000/g;

/** String#isWellFormed, which the ES2022 library the project compiles against lacks. */
const isWellFormed = (text: string) => !HAS_LONE_SURROGATE.test(text);

/** Why a text may not be stored, or null when it may: a NUL character or a lone surrogate. */
export function unsafeCharacter(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!isWellFormed(text)) return 'must be well-formed Unicode (no lone surrogate)';
  return null;
}

/** The text without NUL characters, and with U+FFFD for each lone surrogate. */
export function cleanText(text: string): string {
  if (isWellFormed(text) && !text.includes('\u0000')) return text;
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/**
 * How far before the cut graphemes are looked for. Intl.Segmenter takes about a second for 20,000
 * graphemes on a busy machine, so only this stretch is segmented: real clusters (an emoji sequence,
 * a letter with its accents) are far shorter; a longer one (stacked "zalgo" marks) is cut between
 * its code points, never inside a surrogate pair.
 */
const CUT_WINDOW = 64;

/**
 * The text cut to at most `max` UTF-16 code units, `ellipsis` included when it was cut, and only
 * between user-perceived characters (Intl.Segmenter graphemes): never inside a surrogate pair, an
 * emoji sequence or a letter with its accents.
 */
export function cutText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return cleanText(text);
  const room = Math.max(0, max - ellipsis.length);
  let from = Math.max(0, room - CUT_WINDOW);
  // Start the stretch on a code point: a low surrogate belongs with the unit before it.
  if (from > 0 && /[\udc00-\udfff]/.test(text[from]!)) from--;
  let end = from;
  for (const { segment, index } of graphemes.segment(text.slice(from, room + CUT_WINDOW))) {
    if (from + index + segment.length > room) break;
    end = from + index + segment.length;
  }
  return cleanText(text.slice(0, end)) + ellipsis;
}
