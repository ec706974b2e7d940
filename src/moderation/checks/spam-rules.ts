import type { Policy } from '../policy';
import { findContacts, type Contact } from '../spam/contacts';
import { isUnderDomain } from '../spam/domains';
import { blankOut, findLinks } from '../spam/link-finder';
import { findPhrases } from '../spam/phrases';
import { findEmojiRuns, findRepeatedCharacters, findRepeatedWords, findShouting } from '../spam/shape';
import { quoteAll } from '../terms';
import { analyzeComment } from '../text/analyze';
import { originalSpan, type CanonicalText } from '../text/canonical';
import { isOtherThanEnglish } from '../text/language';
import type { Check, CheckInput, Signal } from '../types';
import { cutText } from '../text/safe-text';

/** Scores of the signals this check adds besides its phrase categories (weights in spam/pitches.ts). */
export const SPAM_RULE_SCORES = {
  /** The hidden form field only bots fill in: rejects whatever the rest says. */
  honeypot: 10,
  too_fast: 3,
  email_address: 2,
  phone_number: 3,
  messenger_handle: 3,
  author_name_url: 3,
  author_name_ad: 3,
  shouting: 1,
  repeated_characters: 0.5,
  repeated_words: 0.5,
  emoji_run: 1,
  /** A spam pitch (any phrase category) in a comment that also carries a link. */
  pitch_with_link: 1,
} as const;

type SpamRulesPolicy = Pick<Policy, 'minSubmitSeconds' | 'allowedDomains'>;
type Code = keyof typeof SPAM_RULE_SCORES;

const signal = (code: Code, message: string, extra: Partial<Signal> = {}): Signal => ({
  check: 'spam_rules',
  code,
  score: SPAM_RULE_SCORES[code],
  message,
  ...extra,
});

/** An ISO 8601 string, or epoch milliseconds (seconds when small), as epoch milliseconds. */
function toMillis(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : millis;
}

/**
 * Seconds between showing the form and sending the comment: from meta.renderedAt to createdAt, or
 * to receivedAt when the site gave no createdAt. Null when unknown or negative (clocks disagree).
 */
export function secondsToSubmit(comment: CheckInput): number | null {
  const shown = toMillis(comment.meta?.renderedAt);
  const sent = toMillis(comment.createdAt) ?? toMillis(comment.receivedAt);
  if (shown === null || sent === null || sent < shown) return null;
  return (sent - shown) / 1000;
}

// Words that sell rather than name a person, for author names like "Cheap Essay Writing Service".
const STRONG_AD_WORDS =
  /\b(?:buy|cheap|discount|coupons?|promo|casino|poker|loans?|seo|viagra|cialis|pharmacy|escorts?|porn|xxx|forex|crypto|bitcoin|replica|essays?|insurance|followers|backlinks)\b/i;
const WEAK_AD_WORDS =
  /\b(?:best|online|free|services?|marketing|agency|sale|deals?|download|hack|shop|store|official|price|cash|money|loan)\b/gi;

function authorNameSignals(name: string): Signal[] {
  const trimmed = name.trim();
  if (!trimmed) return [];
  if (findLinks(trimmed).length > 0) {
    return [signal('author_name_url', `The author's name is a web address: "${trimmed.slice(0, 80)}"`)];
  }
  const weak = new Set((trimmed.match(WEAK_AD_WORDS) ?? []).map((word) => word.toLowerCase()));
  if (STRONG_AD_WORDS.test(trimmed) || weak.size >= 2 || findPhrases(trimmed).length > 0) {
    return [signal('author_name_ad', `The author's name reads like an advert: "${trimmed.slice(0, 80)}"`)];
  }
  return [];
}

const CONTACT_CODES: Record<Contact['kind'], Code> = {
  email: 'email_address',
  phone: 'phone_number',
  messenger: 'messenger_handle',
};
const CONTACT_LABELS: Record<Contact['kind'], string> = {
  email: 'E-mail address in the comment',
  phone: 'Phone number in the comment',
  messenger: 'Messenger contact in the comment',
};

/**
 * Spam pitches found in the canonical text (so "sub$cribe to my ch4nnel" reads as written to be
 * read), quoted and marked in the original.
 */
function findPitches(original: string, canonical: CanonicalText) {
  return findPhrases(canonical.text).map((hit) => {
    const spans = hit.spans.map((span) => originalSpan(canonical, span.start, span.end));
    return {
      ...hit,
      spans,
      quotes: spans.map((span) => original.slice(span.start, span.end).replace(/\s+/g, ' ').trim()),
    };
  });
}

/**
 * Spam rules in the manner of SpamAssassin: contact details, spam pitches, shouting and repetition,
 * the honeypot, time-to-submit and the author's name. Links have their own check (`links`), so a
 * site can weigh them separately. The pitches are English phrasing: they stand aside when the
 * comment is clearly in another language.
 */
export function createSpamRulesCheck(): Check<{ policy: SpamRulesPolicy }> {
  return (comment, { policy }, analysis = analyzeComment(comment)) => {
    const content = comment.content;
    const signals: Signal[] = [];

    if (comment.honeypot != null && comment.honeypot.trim() !== '') {
      const message = 'The hidden honeypot field, which people never see, was filled in';
      signals.push({ ...signal('honeypot', message), force: 'reject' });
    }
    const seconds = secondsToSubmit(comment);
    if (seconds !== null && seconds < policy.minSubmitSeconds) {
      const message = `Sent ${seconds.toFixed(1)} s after the form was shown; people take at least ${policy.minSubmitSeconds} s`;
      signals.push(signal('too_fast', message));
    }
    if (comment.author.name) signals.push(...authorNameSignals(comment.author.name));

    // Digits and addresses inside a link belong to the link, not to a phone number or an e-mail.
    const links = analysis.links;
    const contacts = findContacts(
      content,
      links.map((link) => link.span),
    );
    for (const kind of ['messenger', 'phone', 'email'] as const) {
      const found = contacts.filter((contact) => contact.kind === kind);
      if (found.length === 0) continue;
      const message = `${CONTACT_LABELS[kind]}: ${quoteAll(found.map((contact) => contact.text))}`;
      signals.push(signal(CONTACT_CODES[kind], message, { spans: found.map((contact) => contact.span) }));
    }

    const pitches = isOtherThanEnglish(analysis.language) ? [] : findPitches(content, analysis.canonical);
    for (const hit of pitches) {
      signals.push({
        check: 'spam_rules',
        code: hit.code,
        score: hit.score,
        message: `${hit.label}: ${quoteAll(hit.quotes.map((quote) => cutText(quote, 80)))}`,
        spans: hit.spans,
      });
    }

    const linked = links.filter((link) => !isUnderDomain(link.host, policy.allowedDomains));
    if (pitches.length > 0 && linked.length > 0) {
      const message = `A sales pitch (${pitches.map((hit) => hit.code).join(', ')}) with a link: ${quoteAll(linked.slice(0, 3).map((link) => link.text.slice(0, 60)))}`;
      signals.push(signal('pitch_with_link', message, { spans: linked.map((link) => link.span) }));
    }

    // Links are blanked out (same length, so spans hold) before judging how the prose looks.
    const prose = blankOut(
      content,
      links.map((link) => link.span),
    );
    const shapes: Array<[Code, string, ReturnType<typeof findShouting>]> = [
      ['shouting', 'Mostly capital letters', findShouting(prose)],
      ['repeated_characters', 'Characters repeated to stand out', findRepeatedCharacters(prose)],
      ['repeated_words', 'Words repeated over and over', findRepeatedWords(prose)],
      ['emoji_run', 'A long run of emoji', findEmojiRuns(prose)],
    ];
    for (const [code, label, finding] of shapes) {
      if (!finding) continue;
      const quoted = finding.quotes.length > 0 ? `: ${quoteAll(finding.quotes)}` : '';
      signals.push(
        signal(code, `${label}${quoted}`, finding.spans.length > 0 ? { spans: finding.spans } : {}),
      );
    }
    return signals;
  };
}
