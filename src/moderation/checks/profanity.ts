import { englishDataset, englishRecommendedTransformers, type MatchPayload } from 'obscenity';
import type { Policy } from '../policy';
import { createCanonicalTerms, createTermFinder, outside } from '../terms';
import { analyzeComment } from '../text/analyze';
import { canonicalize, originalSpan, type CanonicalText } from '../text/canonical';
import { isOtherThanEnglish } from '../text/language';
import type { Check, Span } from '../types';
import { cutText } from '../text/safe-text';
import { createObscenityMatcher } from './obscenity-matcher';

/** How bad a word is; the score of a comment follows its worst word. */
export type Severity = 'mild' | 'strong' | 'sexual' | 'slur';

/** Score of the worst word's severity; each further distinct word adds a little, up to the cap. */
export const SEVERITY_SCORES: Record<Severity, number> = { mild: 2, strong: 4, sexual: 5, slur: 6 };
const FURTHER_WORD_SCORE = 1.5;
/** Profanity alone holds a comment for review but never rejects it: a person decides. */
const MAX_SCORE = 8;

const list = (words: string) => words.trim().split(/\s+/);

// Severity by obscenity's `originalWord`; words not listed are `strong` (fuck, shit, bitch, cunt…).
const SEVERITY_OF: Record<string, Severity> = Object.fromEntries([
  ...list(
    'abo abeed africoon arabush boonga chingchong chink fag kike nigger negro tranny retard spastic dyke',
  ).map((word) => [word, 'slur']),
  ...[
    ...list(
      'blowjob buttplug cum deepthroat dildo doggystyle ejaculate felch fellatio fisting gangbang handjob',
    ),
    ...list('hentai jizz lubejob masturbate orgasm orgy semen bestiality'),
    'double penetration',
    'finger bang',
    'jerk off',
  ].map((word) => [word, 'sexual']),
  // Rude but mild, or the plain names of body parts and topics that news comments discuss.
  ...list(
    'ass arse bastard bollocks boob piss prick tit turd scat sex anal anus penis vagina hooker porn incest',
  ).map((word) => [word, 'mild']),
]);

/**
 * Innocent words that obscenity 0.4's English set flags, found on real comment text. (Its own
 * whitelist already covers Scunthorpe, Kung-Fu, fickle, 45s, rapper, assessment, Dickens, cocktail.)
 * "ingga" is "#GroomingGangs", "thinggame": a word ending in -ing glued to one starting with ga-.
 */
export const EXTRA_WHITELIST = [
  ...list(
    'cockpit cock-a-doodle penistone cumin fukushima fukuoka rapeseed traffick feckless dickinson dickson',
  ),
  ...list('dickey cummings moby-dick annal ingga'),
  'cum laude',
  'moby dick',
];

/** One profane word found in a text. */
export interface ProfanityHit {
  /** The dataset's word, e.g. "fuck" for "f.u.c.k". */
  word: string;
  /** As written in the text. */
  written: string;
  severity: Severity;
  span: Span;
}

const rank = (severity: Severity) => SEVERITY_SCORES[severity];
const severityOf = (word: string): Severity => SEVERITY_OF[word] ?? 'strong';

/**
 * Builds the obscenity matcher once (English dataset, recommended transformers, a few more
 * whitelisted words) and returns a finder of profane words in a canonical text, where spaced,
 * masked, stretched and look-alike spellings are already plain words. Spans point into the
 * original; hits overlapping the site's allowed terms are dropped.
 */
function createCanonicalHitFinder(): (
  canonical: CanonicalText,
  allowedTerms: readonly string[],
) => ProfanityHit[] {
  const built = englishDataset.build();
  const matcher = createObscenityMatcher({
    ...built,
    ...englishRecommendedTransformers,
    whitelistedTerms: [...(built.whitelistedTerms ?? []), ...EXTRA_WHITELIST],
  });
  const findTerms = createTermFinder();
  const canonicalTerms = createCanonicalTerms();
  const wordOf = (match: MatchPayload) =>
    englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? 'profanity';

  return (canonical, allowedTerms) => {
    // obscenity's endIndex is inclusive; ours is exclusive, as String#slice takes it.
    const found = matcher.getAllMatches(canonical.text).map((match) => {
      const word = wordOf(match);
      return { word, severity: severityOf(word), start: match.startIndex, end: match.endIndex + 1 };
    });
    // Keep one hit per stretch of text: the earliest, then the longest.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const distinct: Array<(typeof found)[number]> = [];
    for (const one of found) {
      const last = distinct[distinct.length - 1];
      if (last && one.start < last.end) continue;
      distinct.push(one);
    }
    const allowed = findTerms(canonical.text, canonicalTerms(allowedTerms)).map((term) => term.span);
    return outside(
      distinct.map((one) => ({ ...one, span: { start: one.start, end: one.end } })),
      allowed,
    ).map(({ word, severity, start, end }) => {
      const span = originalSpan(canonical, start, end);
      return { word, severity, span, written: '' };
    });
  };
}

/** The hits with the words as written in the original text. */
const withWritten = (hits: ProfanityHit[], original: string) =>
  hits.map((hit) => ({ ...hit, written: original.slice(hit.span.start, hit.span.end) }));

const distinctWords = (hits: readonly ProfanityHit[]) => [
  ...new Set([...hits].sort((a, b) => rank(b.severity) - rank(a.severity)).map((one) => one.word)),
];

/** The check's finder of profane words, for a raw text (it is canonicalized first); spans mark the text. */
export function createProfanityHitFinder(): (
  text: string,
  allowedTerms: readonly string[],
) => ProfanityHit[] {
  const findHits = createCanonicalHitFinder();
  return (text, allowedTerms) => withWritten(findHits(canonicalize(text), allowedTerms), text);
}

/** `"sh1t" (shit)`: the words as written, with the dataset's word when it differs. */
function describe(hits: ProfanityHit[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const hit of hits) {
    const written = cutText(hit.written, 30);
    const key = written.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(key === hit.word ? `"${written}"` : `"${written}" (${hit.word})`);
  }
  return parts.join(', ');
}

/**
 * Flags profanity, scored by the worst word's severity (mild < strong < sexual < slur) plus a
 * little per further distinct word (a policy with `swearing: allowed` counts only slurs and sexual
 * terms). It reads the canonical text, so zero-width characters, masks,
 * spacing, leetspeak and look-alike letters do not hide a word. English word lists: it stands
 * aside when the comment is clearly in another language (the language check says so).
 */
export function createProfanityCheck(): Check<{ policy: Pick<Policy, 'allowedTerms' | 'swearing'> }> {
  const findHits = createCanonicalHitFinder();
  return (comment, { policy }, analysis = analyzeComment(comment)) => {
    if (isOtherThanEnglish(analysis.language)) return [];
    const found = withWritten(findHits(analysis.canonical, policy.allowedTerms), comment.content);
    // A site that allows swearing still hears slurs and sexual terms.
    const hits =
      policy.swearing === 'allowed'
        ? found.filter((hit) => hit.severity === 'slur' || hit.severity === 'sexual')
        : found;
    if (hits.length === 0) return [];
    const words = distinctWords(hits);
    const worst = hits.reduce((a, b) => (rank(b.severity) > rank(a.severity) ? b : a));
    const score = Math.min(
      MAX_SCORE,
      SEVERITY_SCORES[worst.severity] + FURTHER_WORD_SCORE * (words.length - 1),
    );
    const groups = (['slur', 'sexual', 'strong', 'mild'] as const)
      .map((severity) => [severity, hits.filter((hit) => hit.severity === severity)] as const)
      .filter(([, group]) => group.length > 0)
      .map(([severity, group]) => `${severity}: ${describe(group)}`);
    return [
      {
        check: 'profanity',
        code: 'profanity',
        score,
        message: `Profanity (${groups.join('; ')})`,
        spans: hits.map((hit) => hit.span),
      },
    ];
  };
}
