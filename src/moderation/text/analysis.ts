/**
 * The shapes of a comment's analysis, kept free of code so that anything may import them (the
 * dashboard's type check reads src/moderation/types.ts, which names CommentAnalysis).
 */

/**
 * The one text every content check reads: what a person sees, with the disguises taken off.
 * Lower case; NFKC; invisible and format characters gone; accents and look-alike letters read as
 * plain Latin; spaced, dotted, masked, leet and stretched words put back together. Each of its
 * characters knows the range of the original it came from, so spans found in it mark the original.
 */
export interface CanonicalText {
  text: string;
  /** Per character of `text`: where its range of the original starts and ends. */
  starts: readonly number[];
  ends: readonly number[];
}

/** The language of a comment. */
export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or the detector unsure. */
  code: string | null;
  /** `site`: the site's `lang`, used when detection had no answer. */
  source: 'detected' | 'site' | 'none';
}

/** What every check may read besides the comment, worked out once per comment by runChecks. */
export interface CommentAnalysis {
  /** The comment's content with its disguises off (see canonical.ts). */
  canonical: CanonicalText;
  language: LanguageGuess;
  /** The links in the comment's content (spam/link-finder.ts), found when first read. */
  readonly links: readonly Link[];
}

/** A link found in a text, with the host it points at. */
export interface Link {
  /** The link as written. */
  text: string;
  /** Lower-case host name in Unicode, e.g. "bit.ly" or "аpple.com"; "" when it could not be read. */
  host: string;
  /** Whatever follows the host: path, query, fragment (lower-case). */
  rest: string;
  /** [start, end) of the text it was found in (a Span of types.ts, which imports this file). */
  span: { start: number; end: number };
  /** Written so that link detectors miss it: "example dot com", "h t t p", fullwidth letters, "hxxp". */
  obfuscated: boolean;
}
