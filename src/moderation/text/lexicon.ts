/**
 * Words people disguise — masked ("f*ck", "n*gga"), in leetspeak ("sh1t", "subscr1be"), stretched
 * ("fuuuck") — so that filters and readers still see them: insults and slurs, and the vocabulary of
 * spam. The canonical text restores a disguised word only when it spells one of these, so ordinary
 * words written with a star, a digit or a long vowel are left as they are.
 * Most common first: a mask that fits two words ("f***") reads as the first.
 */
export const DISGUISED_WORDS: readonly string[] = `
  fuck fucking fucked fucker fuckers fucks fuckin motherfucker motherfuckers motherfucking
  shit shits shitty shitting bullshit bitch bitches bitching cunt cunts dick dicks dickhead cock cocks
  pussy pussies asshole assholes ass arse arsehole bastard bastards whore whores slut sluts
  nigger niggers nigga niggas faggot faggots fag fags retard retards retarded tranny
  twat twats wanker wankers piss pissed dumbass jackass douche douchebag crap damn goddamn
  idiot idiots stupid moron morons dumb suck sucks sucker porn sex sexy nude nudes penis boobs tits
  kill rape raped hell hoe hoes spic chink kike dyke cum
  subscribe subscribers subscribed channel follow followers likes views free money cash earn profit
  invest investment bitcoin crypto forex click visit check win winner prize gift offer casino viagra
  dating whatsapp telegram message loan hack cheats codes
`
  .trim()
  .split(/\s+/);

const byLength = new Map<number, string[]>();
for (const word of DISGUISED_WORDS) {
  const list = byLength.get(word.length) ?? [];
  list.push(word);
  byLength.set(word.length, list);
}
const known = new Set(DISGUISED_WORDS);

/** Words a disguise may spell: the built-in list, and any the caller adds (a site's own terms). */
export interface Lexicon {
  has(word: string): boolean;
  /** Candidates of this length, most common first. */
  ofLength(length: number): readonly string[];
}

/** The built-in list of disguised words. */
export const DISGUISED: Lexicon = {
  has: (word) => known.has(word),
  ofLength: (length) => byLength.get(length) ?? [],
};

/** The built-in list and a few more words (single words, lower case, canonical). */
export function withWords(extra: readonly string[]): Lexicon {
  if (extra.length === 0) return DISGUISED;
  const more = new Set(extra);
  return {
    has: (word) => known.has(word) || more.has(word),
    ofLength: (length) => [...DISGUISED.ofLength(length), ...extra.filter((word) => word.length === length)],
  };
}

/**
 * The disguised word a masked token spells: same length, every letter in place, each mask
 * character standing for one letter. Null when none fits or the token has fewer than two letters
 * (a lone "*" or "a**" says too little).
 */
export function unmask(
  token: string,
  isMask: (char: string) => boolean,
  lexicon: Lexicon = DISGUISED,
): string | null {
  let letters = 0;
  for (const char of token) if (!isMask(char)) letters++;
  if (letters < 2 || letters === token.length) return null;
  for (const word of lexicon.ofLength(token.length)) {
    let fits = true;
    for (let i = 0; i < token.length && fits; i++) {
      const char = token[i]!;
      fits = isMask(char) || char === word[i];
    }
    if (fits) return word;
  }
  return null;
}
