import type { Span } from '../types';

/** A way to reach the author outside the site, found in a comment. */
export interface Contact {
  kind: 'phone' | 'messenger' | 'email';
  text: string;
  span: Span;
}

// Every pattern starts after a non-word character, so a long run of digits or letters is tried once.
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.)+\p{L}{2,24}(?![\p{L}\p{N}])/giu;
// "name at gmail dot com", "name[at]yahoo[dot]com"
const SPELLED_EMAIL =
  /(?<![\p{L}\p{N}._+-])[\p{L}\p{N}._+-]{2,64}\s*[([]?\s*(?:at|@)\s*[)\]]?\s*(?:gmail|g mail|yahoo|hotmail|outlook|aol|icloud|proton(?:mail)?|ymail|mail|live|gmx|yandex)\s*[([]?\s*(?:dot|\.)\s*[)\]]?\s*(?:com|net|org|co\.uk|ru|de)\b/giu;
// A run of digits with the separators people put in phone numbers; judged by `isPhoneNumber`.
const DIGITS = /(?<![a-z0-9+])(?:\+|00)?\(?\d[\d\s().\-/]{5,22}\d(?![a-z0-9])/gi;
const PHONE_CONTEXT =
  /\b(?:call|ring|dial|text|txt|sms|phone|tel|mobile|mob|cell|whats\s?app|telegram|viber|contact)\b[\s.:#-]*$/i;
// A messenger name followed by an id: "whatsapp +44 7700 900123", "skype: name", "kik me at bob_22".
const MESSENGERS =
  'whats\\s?app|watsapp|telegram|kik|skype|snap(?:chat)?|we\\s?chat|viber|discord|icq|insta(?:gram)?';
const ANY_MESSENGER = new RegExp(MESSENGERS, 'i');
// Cheap tests that most comments fail, so the patterns above rarely run at all.
const MIGHT_HAVE = {
  email: (text: string) => text.includes('@'),
  spelledEmail: (text: string) => /(?:dot|\.)\s*[)\]]?\s*(?:com|net|org|co\.uk|ru|de)\b/i.test(text),
  messenger: (text: string) => ANY_MESSENGER.test(text),
  phone: (text: string) => /\d[\d\s().\-/]{5}/.test(text),
};
const HANDLE_AFTER = new RegExp(
  `\\b(?:${MESSENGERS})\\b(?:\\s*(?:id|user(?:name)?|handle|number|num|no\\.?|contact)\\b)?(?:\\s*(?:me|us)\\b)?(\\s*(?:at|on|@|:|=|-|#)\\s*|\\s+)(@?[\\p{L}\\p{N}_.+\\-]{3,32})`,
  'giu',
);
// "add lionsvillage on skype", "message me_22 on telegram"
const HANDLE_BEFORE = new RegExp(
  `\\b(?:add|message|msg|contact|text|dm|call|hit\\s+(?:me|us)\\s+up)\\s+(?:me\\s+)?(?:on\\s+|at\\s+)?(@?[\\p{L}\\p{N}_.\\-]{4,32})\\s+(?:on|at|in|via)\\s+(?:${MESSENGERS})\\b`,
  'giu',
);
const NOT_A_HANDLE = new Set([
  'him',
  'her',
  'them',
  'you',
  'this',
  'that',
  'there',
  'here',
  'now',
  'today',
  'back',
]);

function isPhoneNumber(text: string, before: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // 13.330.686 or 1 000 000: thousands grouping, not a number to call.
  if (/^\d{1,3}(?:[.\s]\d{3})+$/.test(text)) return false;
  // Dates, with or without a time after them: 2014-11-07, 12/05/2014, 2018-09-14 23.
  if (/^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:\s|$)/.test(text)) return false;
  if (/^(?:\+|00)/.test(text)) return digits >= 8;
  if (PHONE_CONTEXT.test(before)) return true;
  return digits >= 10 && !/^\d{1,3}(?:\.\d+)+$/.test(text);
}

const hit = (kind: Contact['kind'], text: string, start: number): Contact => ({
  kind,
  text,
  span: { start, end: start + text.length },
});

/**
 * Finds phone numbers, messenger handles and e-mail addresses in a text. Spans already covered by
 * `skip` (links) are ignored, so digits in a URL are not a phone number.
 */
export function findContacts(text: string, skip: Span[] = []): Contact[] {
  const found: Contact[] = [];
  const none: RegExpMatchArray[] = [];
  const scan = (might: boolean, pattern: RegExp) => (might ? text.matchAll(pattern) : none);
  for (const match of scan(MIGHT_HAVE.email(text), EMAIL)) found.push(hit('email', match[0], match.index!));
  for (const match of scan(MIGHT_HAVE.spelledEmail(text), SPELLED_EMAIL))
    found.push(hit('email', match[0], match.index!));
  const messenger = MIGHT_HAVE.messenger(text);
  for (const match of scan(messenger, HANDLE_AFTER)) {
    const [whole, separator = '', written = ''] = match;
    // "skype later." is no handle: trailing punctuation is not part of one.
    const id = written.replace(/[._-]+$/, '');
    const explicit = /[@:=#]/.test(separator) || id.startsWith('@');
    if (id.length < 3 || (!explicit && !/[\d_.+@]/.test(id))) continue;
    found.push(hit('messenger', whole.slice(0, whole.length - (written.length - id.length)), match.index!));
  }
  for (const match of scan(messenger, HANDLE_BEFORE)) {
    if (NOT_A_HANDLE.has((match[1] ?? '').toLowerCase())) continue;
    found.push(hit('messenger', match[0], match.index!));
  }
  for (const match of scan(MIGHT_HAVE.phone(text), DIGITS)) {
    const before = text.slice(Math.max(0, match.index! - 24), match.index);
    if (isPhoneNumber(match[0], before)) found.push(hit('phone', match[0], match.index!));
  }
  found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  // Both lists are sorted by start, so one walk drops what overlaps a link or an earlier contact.
  const contacts: Contact[] = [];
  let next = 0;
  for (const contact of found) {
    while (next < skip.length && skip[next]!.end <= contact.span.start) next++;
    const link = skip[next];
    if (link && link.start < contact.span.end) continue;
    const last = contacts[contacts.length - 1];
    if (last && contact.span.start < last.span.end) continue;
    contacts.push(contact);
  }
  return contacts;
}
