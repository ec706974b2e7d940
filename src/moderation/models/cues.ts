import { SHORTENERS, cheapTld } from '../spam/domains';
import { findLinks } from '../spam/link-finder';
import type { Span } from '../types';

/**
 * What the shipped models read besides words: facts about a text that carry over from one site to
 * another where its exact words do not. A link is read as what kind of place it leads to (its
 * top-level domain, a shortener, a social platform) rather than as the tokens of one URL; money,
 * contact details, calls to action, self-promotion and insults addressed to someone are read as
 * shapes, whatever words fill them. The models learn how much each fact weighs.
 */
export interface Cues {
  /** Named facts, each a feature of its own. */
  facts: string[];
  /** Ranges of the canonical text whose words are not features (links: their ids never recur). */
  skip: Span[];
}

const PLATFORMS = new Set(
  (
    'youtube.com youtu.be facebook.com fb.com fb.me instagram.com twitter.com x.com tiktok.com ' +
    'twitch.tv soundcloud.com reddit.com pinterest.com linkedin.com t.me wa.me discord.gg discord.com ' +
    'spotify.com snapchat.com vk.com'
  ).split(' '),
);
const shortener = new Set(SHORTENERS);

/** The last two labels of a host ("m.youtube.com" → "youtube.com"). */
const baseOf = (host: string) => host.split('.').slice(-2).join('.');

function linkFacts(canonical: string, facts: string[], skip: Span[]): void {
  const links = findLinks(canonical);
  if (links.length === 0) return;
  // One fact per kind of link, none for its top-level domain unless a cheap one: tweets carry a
  // t.co link as a matter of course, and a model that learned every ".co" from spam sets holds them.
  if (links.length > 1) facts.push(links.length <= 3 ? 'links<=3' : 'links>3');
  for (const link of links) {
    skip.push(link.span);
    const host = link.host;
    const base = baseOf(host);
    const cheap = cheapTld(host);
    if (cheap) facts.push('tld:cheap');
    if (shortener.has(host) || shortener.has(base)) facts.push('link:shortener');
    else if (PLATFORMS.has(base) || PLATFORMS.has(host)) facts.push('link:platform');
    else facts.push('link:site');
    if (link.obfuscated) facts.push('link:disguised');
    if (/[?&](?:ref|aff|affiliate|referral|invite|code|promo)\w*=/.test(link.rest)) facts.push('link:referral');
    if (/\d/.test(host.split('.')[0] ?? '')) facts.push('link:digits-in-host');
  }
}

// Shapes, read on the canonical text (lower case, disguises undone, digits kept).
const SHAPES: Array<[string, RegExp]> = [
  ['money', /(?:[$£€₹]\s?\d|\d(?:[.,]\d+)?\s?(?:[$£€₹]|usd|dollars?|bucks|pounds|euros?|gbp|eur)\b)/],
  ['money:large', /[$£€₹]\s?\d{1,3}(?:[,.]?\d{3})+|\d+(?:[.,]\d+)?\s?k\b|\bthousands?\b|\bmillions?\b/],
  [
    'money:rate',
    /\b(?:per|a|an|every|each)\s+(?:day|week|month|hour|year)\b|\b(?:daily|weekly|monthly)\b|\/\s?(?:day|week|month|hr|hour)\b/,
  ],
  ['percent', /\d\s?%/],
  // Anchored where the name starts: unanchored, it rescanned each word from every letter. Same answers.
  ['email', /(?<![\w.+-])[\w.+-]+@[\w-]+\.[a-z]{2,}/],
  ['phone', /(?:\+|\b)\d[\d\s().-]{7,}\d\b/],
  [
    'contact:messenger',
    /\b(?:whats\s?app|telegram|kik|skype|snapchat|wechat|viber|signal|dm|inbox|pm)\b/,
  ],
  [
    'contact:ask',
    /\b(?:contact|message|text|call|email|e-mail|dm|reach|write to|hit up)\s+(?:me|us|him|her|them)\b/,
  ],
  // An imperative at the start of a sentence: what pitches are made of.
  [
    'cta:start',
    /(?:^|[.!?\n]\s*)(?:please\s+)?(?:check|visit|subscribe|sub|click|follow|call|text|go|join|like|share|watch|download|buy|get|win|claim|sign|register|contact|message|add|help|try|listen|order|apply|earn|make|start|grab|see|look|view|vote|support)\b/,
  ],
  ['cta:please', /\bplease\s+(?:\w+\s+)?(?:check|visit|subscribe|sub|click|follow|like|share|watch|support|help)\b/],
  ['cta:link-ref', /\b(?:link|url|site|website|page|profile|bio)\s+(?:below|above|in\s+(?:my|the)\s+\w+)\b|\bclick\s+(?:here|the|on|my)\b/],
  [
    'self:promo',
    /\b(?:my|our)\s+(?:new\s+|own\s+|first\s+|latest\s+)?(?:channel|video|videos|vid|page|blog|website|site|music|song|songs|track|album|mixtape|profile|account|vlog|playlist|store|shop|app|game|book|business|company|group|stream|podcast|cover|covers|work)\b/,
  ],
  ['self:ask', /\b(?:sub(?:scribe)?|follow|like|check)\s+(?:to\s+)?(?:me|my|us|our)\b|\bsub\s*4\s*sub|\bfollow\s*back\b/],
  [
    'offer',
    /\b(?:free|bonus|discount|promo|coupon|giveaway|prize|winner|won|reward|guaranteed|limited|offer|deal|cheap|100%|risk.?free|no cost)\b/,
  ],
  [
    'earn',
    /\b(?:earn|earned|earning|make|made|making|profit|income|paid|payout|invest|investment|investing|trading|trader|crypto|bitcoin|btc|forex|returns?)\b/,
  ],
  ['urgency', /\b(?:now|today|hurry|act fast|don'?t miss|last chance|only \d+|limited time|instantly|asap)\b/],
  ['testimonial', /\b(?:thanks to|thank you|recommend(?:ed)?|changed my life|helped me|i (?:was|got) (?:paid|able))\b/],
  // Insults addressed to someone: "you are a …", "what a …", "you …!", "shut up", "go to hell".
  [
    'address:you-are',
    /\b(?:you|u|ya)\s*(?:are|r|'re|re|were|was|'s)?\s+(?:such\s+|so\s+|a\s+|an\s+|the\s+|one\s+|just\s+|really\s+|fucking\s+|fuckin\s+|total\s+|complete\s+|fat\s+|little\s+|stupid\s+|dumb\s+)+\w+/,
  ],
  ['address:youre', /\b(?:you'?re|youre|ur|you are|u r|u are)\s+(?!welcome|right|correct|the best|amazing|awesome|great|so right)\w+/],
  ['address:what-a', /(?:^|[.!?,]\s*)what\s+(?:a|an)\s+(?:\w+\s+)?\w+/],
  ['address:you-noun', /(?:^|[,.!?]\s*)(?:you|u|ya)\s+(?:\w+\s+)?\w+\s*(?:[!.?]|$)/],
  ['address:command', /\b(?:shut\s+(?:up|the)|go\s+(?:to\s+hell|die|away|fuck|back)|get\s+(?:lost|out|a\s+life)|screw\s+you|fuck\s+(?:you|off|u)|kill\s+(?:yourself|urself|you))\b/],
  ['address:your', /\byour\s+(?:mom|mother|mum|mama|face|kind|people|race|ass)\b/],
  ['group:they', /\b(?:all|these|those|them|they|every)\s+(?:\w+\s+)?(?:are|should|must|need)\b/],
];

// Words that insult or swear in the canonical text (disguises already undone); a count is a cue.
const ABUSIVE = new Set(
  (
    'fuck fucking fucked fucker fuckers fucks fuckin motherfucker shit shitty bullshit bitch bitches cunt ' +
    'dick dickhead cock pussy asshole assholes ass arse arsehole bastard bastards whore whores slut sluts ' +
    'twat wanker douche douchebag jackass dumbass idiot idiots stupid moron morons dumb retard retarded ' +
    'loser losers scum pathetic ugly fat trash garbage crap suck sucks clown fool fools imbecile cretin ' +
    'worthless disgusting pig pigs rat rats dog dogs animal animals filth vermin'
  ).split(' '),
);
const SLURS = new Set(
  'nigger niggers nigga niggas faggot faggots fag fags tranny trannies spic spics chink chinks kike kikes dyke dykes raghead ragheads wetback wetbacks towelhead'.split(
    ' ',
  ),
);
const WORD = /[\p{L}']+/gu;

/** Whether a canonical text holds a swear word, an insult or a slur. */
export function hasAbusiveWord(canonical: string): boolean {
  for (const match of canonical.matchAll(WORD)) if (ABUSIVE.has(match[0]) || SLURS.has(match[0])) return true;
  return false;
}

function wordFacts(canonical: string, facts: string[]): void {
  let abusive = 0;
  let slurs = 0;
  let second = 0;
  for (const match of canonical.matchAll(WORD)) {
    const word = match[0];
    if (SLURS.has(word)) slurs++;
    else if (ABUSIVE.has(word)) abusive++;
    else if (word === 'you' || word === 'u' || word === 'your' || word === "you're" || word === 'ur') second++;
  }
  if (abusive > 0) facts.push(abusive === 1 ? 'abuse=1' : 'abuse>1');
  if (slurs > 0) facts.push('slur');
  if (second > 0) facts.push(second === 1 ? 'you=1' : 'you>1');
  // An abusive word with "you": an insult more often than a curse.
  if (second > 0 && (abusive > 0 || slurs > 0)) facts.push('abuse+you');
}

const LONG_DIGITS = /\d[\d\s().-]{6,}\d/;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** The length class, capitals, exclamation marks and emoji: facts of the original text. */
function shapeFacts(original: string, canonical: string, facts: string[]): void {
  const length = canonical.length;
  facts.push(
    length < 20
      ? 'len<20'
      : length < 50
        ? 'len<50'
        : length < 120
          ? 'len<120'
          : length < 300
            ? 'len<300'
            : 'len>=300',
  );
  if (LONG_DIGITS.test(canonical)) facts.push('long-digits');
  let upper = 0;
  let lower = 0;
  let bangs = 0;
  for (let i = 0; i < original.length && i < 2000; i++) {
    const code = original.charCodeAt(i);
    if (code >= 65 && code <= 90) upper++;
    else if (code >= 97 && code <= 122) lower++;
    else if (code === 33) bangs++;
  }
  if (upper + lower >= 10 && upper > lower) facts.push('mostly-capitals');
  if (bangs >= 3) facts.push('exclamations');
  if (PICTOGRAPH.test(original)) facts.push('emoji');
}

/** The cues of a comment: its original text and its canonical text. */
export function cuesOf(original: string, canonical: string): Cues {
  const facts: string[] = [];
  const skip: Span[] = [];
  shapeFacts(original, canonical, facts);
  linkFacts(canonical, facts, skip);
  // Patterns read the text with its links blanked out, so a URL's letters make no shape.
  let text = canonical;
  for (const span of skip) text = text.slice(0, span.start) + ' '.repeat(span.end - span.start) + text.slice(span.end);
  for (const [name, pattern] of SHAPES) if (pattern.test(text)) facts.push(name);
  wordFacts(text, facts);
  return { facts, skip };
}
