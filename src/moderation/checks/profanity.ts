import { RegExpMatcher, englishDataset, englishRecommendedTransformers, type MatchPayload } from 'obscenity';
import type { Policy } from '../policy';
import { createTermFinder, outside } from '../terms';
import type { Check, Span } from '../types';

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

// Words people censor themselves, as "f**k" or "sh*t" (obscenity's wildcards catch only some),
// each with the dataset word it stands for ("word>dataset word", or just the word).
const SELF_CENSORED: Array<[string, string]> = list(`
  fuck fucking>fuck fucked>fuck fucker>fuck motherfucker>fuck shit shitty>shit bullshit>shit bitch
  bitches>bitch cunt dick cock pussy asshole>ass ass bastard whore slut nigger nigga>nigger faggot>fag
  twat wanker>wank piss`).map((entry) => {
  const [written, word = written] = entry.split('>') as [string, string?];
  return [written, word];
});
// A word with letters and at least one "*" or "#" in place of letters.
const MASKED_WORD = /(?<![\p{L}\p{N}*#])\p{L}{1,14}[*#][\p{L}*#]{0,14}(?![\p{L}\p{N}*#])/gu;
// Single letters split by spaces, dots or dashes: "f u c k", "s.h.i.t", "f-u-c-k".
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[\s.\-_*+,]{1,3}\p{L}){2,}(?![\p{L}\p{N}])/gu;

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

/** Whether a self-censored token such as "f**k" spells the word: same length, masks stand for letters. */
function spells(token: string, word: string): boolean {
  if (token.length !== word.length) return false;
  for (let i = 0; i < token.length; i++) {
    const char = token[i]!;
    if (char !== '*' && char !== '#' && char !== word[i]) return false;
  }
  return true;
}

/**
 * Builds the obscenity matcher once (English dataset, recommended transformers, a few more
 * whitelisted words) and returns the check's finder of profane words, which also sees spaced-out
 * and self-censored ones. Hits overlapping the site's allowed terms are dropped.
 */
export function createProfanityHitFinder(): (
  text: string,
  allowedTerms: readonly string[],
) => ProfanityHit[] {
  const built = englishDataset.build();
  const matcher = new RegExpMatcher({
    ...built,
    ...englishRecommendedTransformers,
    whitelistedTerms: [...(built.whitelistedTerms ?? []), ...EXTRA_WHITELIST],
  });
  const findTerms = createTermFinder();
  const wordOf = (match: MatchPayload) =>
    englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? 'profanity';
  const hit = (word: string, start: number, end: number): ProfanityHit => ({
    word,
    written: '',
    severity: severityOf(word),
    span: { start, end },
  });

  /** Words spelled out letter by letter, matched on one copy where each run's letters are joined up. */
  const spacedHits = (text: string): ProfanityHit[] => {
    const joined: string[] = [];
    // For each joined character, its offset in the text and the run it came from; runs are
    // joined with line breaks, and a match across two runs is dropped.
    const offsets: number[] = [];
    const runs: number[] = [];
    let count = 0;
    for (const run of text.matchAll(SPACED_LETTERS)) {
      for (let i = 0; i < run[0].length; i++) {
        if (/[\s.\-_*+,]/.test(run[0][i]!)) continue;
        joined.push(run[0][i]!);
        offsets.push(run.index + i);
        runs.push(count);
      }
      joined.push('\n');
      offsets.push(-1);
      runs.push(-1);
      count++;
    }
    if (count === 0) return [];
    return matcher
      .getAllMatches(joined.join(''), true)
      .filter((match) => runs[match.startIndex] === runs[match.endIndex])
      .map((match) => hit(wordOf(match), offsets[match.startIndex]!, offsets[match.endIndex]! + 1));
  };

  return (text, allowedTerms) => {
    // obscenity's endIndex is inclusive; ours is exclusive, as String#slice takes it.
    const found = matcher
      .getAllMatches(text, true)
      .map((match) => hit(wordOf(match), match.startIndex, match.endIndex + 1));
    found.push(...spacedHits(text));
    for (const token of text.matchAll(MASKED_WORD)) {
      const lower = token[0].toLowerCase();
      const mask = SELF_CENSORED.find(([word]) => spells(lower, word));
      if (mask) found.push(hit(mask[1], token.index, token.index + token[0].length));
    }

    // Keep one hit per stretch of text: the earliest, then the longest.
    found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    const distinct: ProfanityHit[] = [];
    for (const one of found) {
      const last = distinct[distinct.length - 1];
      if (last && one.span.start < last.span.end) continue;
      distinct.push({ ...one, written: text.slice(one.span.start, one.span.end) });
    }
    const allowed = findTerms(text, allowedTerms).map((term) => term.span);
    return outside(distinct, allowed);
  };
}

const distinctWords = (hits: readonly ProfanityHit[]) => [
  ...new Set([...hits].sort((a, b) => rank(b.severity) - rank(a.severity)).map((one) => one.word)),
];

/** `"sh1t" (shit)`: the words as written, with the dataset's word when it differs. */
function describe(hits: ProfanityHit[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const hit of hits) {
    const written = hit.written.length > 30 ? `${hit.written.slice(0, 29)}…` : hit.written;
    const key = written.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(key === hit.word ? `"${written}"` : `"${written}" (${hit.word})`);
  }
  return parts.join(', ');
}

/**
 * Flags profanity, scored by the worst word's severity (mild < strong < sexual < slur) plus a
 * little per further distinct word; obscenity sees through leetspeak and look-alike letters.
 */
export function createProfanityCheck(): Check<{ policy: Pick<Policy, 'allowedTerms'> }> {
  const findHits = createProfanityHitFinder();
  return (comment, { policy }) => {
    const hits = findHits(comment.content, policy.allowedTerms);
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
