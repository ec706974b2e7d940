import { ADVERSARIAL } from '../../bench/adversarial-comments';
import {
  MAX_TOKENIZED_CHARS,
  MAX_TOKENS,
  decodeEntities,
  locateTokens,
  normalizeText,
  textExampleKey,
  tokenize,
} from '../../src/moderation/classifier/tokenizer';

describe('classifier tokenizer', () => {
  it.each([
    ['lower-cases words of 2..30 letters or digits', 'Hello a World 42', ['hello', 'world', '42']],
    ['decodes HTML entities', 'rock &amp; roll &#39;n&#x27; more', ['rock', 'roll', 'more']],
    ['drops a byte-order mark and zero-width characters', '\uFEFFsub\u200Bscribe\uFEFF', ['subscribe']],
    ['folds full-width letters (NFKC)', 'ＦＲＥＥ ｃｏｄｅｓ', ['free', 'codes']],
    ['keeps non-Latin words whole', 'Привет мир, naïve café', ['привет', 'мир', 'naïve', 'café']],
    ['drops long digit runs (phone numbers) as words', 'call 08452810075 now', ['call', 'now']],
    ['drops words longer than 30 characters', `a${'x'.repeat(31)} ok`, ['ok']],
  ])('%s', (_name, text, words) => {
    expect(tokenize(text).filter((token) => !token.includes(':'))).toEqual(words);
  });

  it.each([
    ['a scheme URL', 'see http://www.Example.com/path?x=1 now', ['dom:example.com']],
    ['a www. host', 'at www.freecodes.net.', ['dom:freecodes.net']],
    ['a bare host with a common TLD', 'Everyone Checkout xboxdone.com', ['dom:xboxdone.com']],
    ['a subdomain, with its registrable domain', 'at 4rum.hnsv.com', ['dom:4rum.hnsv.com', 'dom:hnsv.com']],
    [
      'a second-level country domain',
      'megatrixe.blogspot.co.uk/',
      ['dom:megatrixe.blogspot.co.uk', 'dom:blogspot.co.uk'],
    ],
    ['a full-width obfuscated host', 'ｗｗｗ.FreeCodesPSN.ｃom', ['dom:freecodespsn.com']],
    ['no host in abbreviations or e-mail addresses', 'e.g. Mr.Smith, joe@gmail.com', []],
  ])('finds %s', (_name, text, domains) => {
    expect(tokenize(text).filter((token) => token.startsWith('dom:'))).toEqual(domains);
  });

  it('does not count the words of a link as words', () => {
    const tokens = tokenize('visit http://cheap-pills.example.com/buy');
    expect(tokens).toContain('dom:cheap-pills.example.com');
    expect(tokens).not.toContain('buy');
    expect(tokens).not.toContain('pills');
  });

  it.each([
    ['has:url', 'go to http://x.com', true],
    ['has:url', 'no link here', false],
    ['has:email', 'write to joe@example.org', true],
    ['has:digits-run', 'call 0845281007', true],
    ['has:digits-run', 'in 2014', false],
    ['has:shout', 'PLEASE SUBSCRIBE TO MY CHANNEL', true],
    ['has:shout', 'Please subscribe to my channel', false],
    ['len:short', 'nice', true],
    ['len:medium', 'a'.repeat(50), true],
    ['len:long', 'word '.repeat(60), true],
  ])('meta token %s for %j is %s', (token, text, expected) => {
    expect(tokenize(text).includes(token)).toBe(expected);
  });

  it('adds word pairs', () => {
    expect(tokenize('check out my channel')).toEqual(
      expect.arrayContaining(['bi:check out', 'bi:out my', 'bi:my channel']),
    );
  });

  it('gives each token once, in order of first appearance', () => {
    const tokens = tokenize('spam spam eggs spam');
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.filter((token) => !token.includes(':'))).toEqual(['spam', 'eggs']);
  });

  it(`caps a document at ${MAX_TOKENS} tokens`, () => {
    const huge = Array.from({ length: 4_000 }, (_, i) => `w${i}`).join(' ');
    const tokens = tokenize(huge);
    expect(tokens).toHaveLength(MAX_TOKENS);
    expect(tokens.at(-1)).not.toBe('w3999');
  });

  it(`reads at most ${MAX_TOKENIZED_CHARS} characters: a word after them is no token, and no place`, () => {
    const text = `${'x '.repeat(MAX_TOKENIZED_CHARS / 2)}lateword`;
    expect(tokenize(text)).not.toContain('lateword');
    expect(locateTokens(text, new Set(['lateword'])).size).toBe(0);
    expect(tokenize(text.slice(-200))).toContain('lateword');
  });

  // How long these take is measured by `npm run bench` (bench/worst-case.ts), not asserted here.
  it.each([
    ['dotted labels', ['len:long']],
    ['hyphenated labels', ['len:long', 'com']],
    ['HTML entities', ['len:long']],
    ['full-width letters', ['len:long']],
  ] as const)('finds no words in adversarial %s', (name, tokens) => {
    expect(tokenize(ADVERSARIAL[name])).toEqual(tokens);
  });

  it('maps token occurrences back to the original text', () => {
    const text = 'Go to ｗｗｗ.FreeCodes.ｃom &amp; subscribe\uFEFF now, Subscribe!';
    const found = locateTokens(text, new Set(['subscribe', 'dom:freecodes.com', 'bi:go to']));
    const quoted = (token: string) => found.get(token)?.map((span) => text.slice(span.start, span.end));
    expect(quoted('subscribe')).toEqual(['subscribe', 'Subscribe']);
    expect(quoted('dom:freecodes.com')).toEqual(['ｗｗｗ.FreeCodes.ｃom', 'ｗｗｗ.FreeCodes.ｃom']);
    expect(quoted('bi:go to')).toEqual(['Go to']);
  });

  it('keeps offsets when there is nothing to normalize', () => {
    expect(normalizeText('plain ascii text')).toEqual({ text: 'plain ascii text', starts: null, ends: null });
  });

  it.each([
    // A plain letter with a combining mark after it is one segment: it folds with its mark.
    ['cafe\u0301 ok', 'café ok', [0, 1, 2, 3, 5, 6, 7], [1, 2, 3, 5, 6, 7, 8]],
    // What folds to a mark counts as one too (U+0345 folds to iota, so an iota joins the letter before).
    ['ab\u03b9c', 'ab\u03b9c', [0, 1, 1, 3], [1, 3, 3, 4]],
    ['x &amp; ｙ', 'x & y', [0, 1, 2, 7, 8], [1, 2, 7, 8, 9]],
  ])('normalizes %j segment by segment', (raw, text, starts, ends) => {
    expect(normalizeText(raw)).toEqual({ text, starts, ends });
  });

  it.each([
    ['&lt;b&gt;', '<b>'],
    ['&#8364; &#x20AC;', '€ €'],
    ['&bogus; &#0;', '&bogus; &#0;'],
  ])('decodes %j as %j', (text, decoded) => {
    expect(decodeEntities(text)).toBe(decoded);
  });

  it('keys a text by its normalized content', () => {
    expect(textExampleKey('Hello  World\uFEFF')).toBe(textExampleKey('hello world'));
    expect(textExampleKey('hello world')).toMatch(/^text:[0-9a-f]{64}$/);
    expect(textExampleKey('hello there')).not.toBe(textExampleKey('hello world'));
  });
});
