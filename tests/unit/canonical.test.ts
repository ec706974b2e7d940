import { canonicalize, originalSpan } from '../../src/moderation/text/canonical';

const canonical = (text: string) => canonicalize(text).text;

describe('canonical text: disguises come off', () => {
  it.each([
    ['zero-width joiner inside a word', 'fu\u200dck', 'fuck'],
    ['zero-width space, soft hyphen, word joiner', 'f\u200bu\u00adc\u2060k', 'fuck'],
    ['bidi controls and a variation selector', 'f\u202eu\u2066c\ufe0fk', 'fuck'],
    ['spaced letters', 'f u c k you', 'fuck you'],
    ['dotted letters', 'F.U.C.K off', 'fuck off'],
    ['dashed and underscored letters', 'f-u-c-k and s_h_i_t', 'fuck and shit'],
    ['a star for a letter', 'f*ck', 'fuck'],
    ['two stars', 'f**k', 'fuck'],
    ['a masked slur', 'n*gga', 'nigga'],
    ['a masked insult', 'r*tard', 'retard'],
    ['a short masked slur', 'f*g', 'fag'],
    ['stretched letters', 'fuuuuck', 'fuck'],
    ['a stretched insult', 'reeeeetard', 'retard'],
    ['two stretches', 'niggggaaa', 'nigga'],
    ['leetspeak', 'sh1t b1tch f4g', 'shit bitch fag'],
    ['dollar signs', 'a$$hole', 'asshole'],
    ['Cyrillic look-alikes in a Latin word', 'fuсk', 'fuck'],
    ['full-width letters', 'ｆｕｃｋ', 'fuck'],
    ['mathematical bold letters', '𝐟𝐮𝐜𝐤', 'fuck'],
    ['small capitals', 'ꜰᴜᴄᴋ', 'fuck'],
    ['negative squared letters', '🅵🆄🅲🅺', 'fuck'],
    ['accents', 'fück', 'fuck'],
    ['stacked combining marks', 'z̸a̸l̸g̸o̸', 'zalgo'],
    ['HTML entities', 'Tom &amp; Jerry&#39;s', "tom & jerry's"],
    ['a spam word in leetspeak', 'subscr1be to my ch4nnel', 'subscribe to my channel'],
  ])('%s: %j reads %j', (_what, text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    ['numbers, prices and versions', 'I made $300 on 12:30, v2.5, mp3 b2b covid19'],
    ['links', 'see https://example.com/a1b2?x=3 and www.t.co'],
    ['hashtags and mentions', '#f4f @user1 sub4sub'],
    ['hyphenated words and abbreviations', 'well-known e.g. u.s. i.e.'],
    ['Russian prose with letters that look Latin', 'сука сосна'],
    ['a long vowel in an ordinary word keeps two', 'so good'],
  ])('leaves %s alone (but for case)', (_what, text) => {
    expect(canonical(text)).toBe(text.toLowerCase());
  });

  it('squeezes a long stretch to two letters when no disguised word comes out', () => {
    expect(canonical('goooood')).toBe('good');
  });
});

describe('canonical text: spans point into the original', () => {
  it.each([
    ['what a f\u200du\u200dc\u200dk up', 'fuck', 'f\u200du\u200dc\u200dk'],
    ['you F . U . C . K', 'fuck', 'F . U . C . K'],
    ['oh fuuuuuck!', 'fuck', 'fuuuuuck'],
    ['fine ｆｕｃｋ', 'fuck', 'ｆｕｃｋ'],
    ['a z̸a̸l̸g̸o̸ text', 'zalgo', 'z̸a̸l̸g̸o̸'],
    ['&lt;b&gt;bold', '<b>', '&lt;b&gt;'],
  ])('in %j, %j marks %j', (original, found, marked) => {
    const text = canonicalize(original);
    const at = text.text.indexOf(found);
    expect(at).toBeGreaterThanOrEqual(0);
    const span = originalSpan(text, at, at + found.length);
    expect(original.slice(span.start, span.end)).toBe(marked);
  });

  it('an empty range marks an empty place', () => {
    const text = canonicalize('abc');
    expect(originalSpan(text, 1, 1)).toEqual({ start: 1, end: 1 });
  });
});
