import { cleanText, cutText, unsafeCharacter } from '../../src/moderation/text/safe-text';
import { findEmojiRuns, findRepeatedCharacters } from '../../src/moderation/spam/shape';

describe('the text sanitiser', () => {
  it.each([
    ['abc', 5, '', 'abc'],
    ['abcdef', 3, '', 'abc'],
    ['ab\u{1F600}cd', 3, '', 'ab'],
    ['ab\u{1F600}cd', 4, '', 'ab\u{1F600}'],
    ['abcdef', 4, '…', 'abc…'],
    ['nice \u{1F600}\u{1F600}\u{1F600}', 8, '…', 'nice \u{1F600}…'],
    // A family emoji (joined by U+200D) and an accented letter are each one grapheme: never split.
    ['ab\u{1F468}\u200D\u{1F469}\u200D\u{1F467}cd', 6, '', 'ab'],
    ['cafe\u0301s', 4, '', 'caf'],
  ])('cutText(%j, %i, %j) is %j: whole graphemes, within the limit', (text, max, ellipsis, cut) => {
    const result = cutText(text, max, ellipsis);
    expect(result).toBe(cut);
    expect(result.length).toBeLessThanOrEqual(max);
    expect(unsafeCharacter(result)).toBeNull();
  });

  it('cuts a long text of emoji between two of them, at once', () => {
    const cut = cutText('\u{1F600}'.repeat(30_000), 20_001);
    expect(cut).toBe(`${'\u{1F600}'.repeat(10_000)}…`);
    expect(cutText(`x${'\u{1F600}'.repeat(30_000)}`, 20_001)).toBe(`x${'\u{1F600}'.repeat(9_999)}…`);
  });

  it.each([
    ['plain', 'plain'],
    ['a\u0000b', 'ab'],
    ['x\ud800', 'x\ufffd'],
    ['\udc00y', '\ufffdy'],
    ['ok \u{1F600}', 'ok \u{1F600}'],
  ])('cleanText(%j) is %j', (text, clean) => {
    expect(cleanText(text)).toBe(clean);
  });

  it.each([
    ['plain text', null],
    ['emoji \u{1F600}', null],
    ['nul \u0000', 'must not contain the NUL character (U+0000)'],
    ['lone \ud83d', 'must be well-formed Unicode (no lone surrogate)'],
    ['lone \ude00 low', 'must be well-formed Unicode (no lone surrogate)'],
  ])('unsafeCharacter(%j) is %j', (text, reason) => {
    expect(unsafeCharacter(text)).toBe(reason);
  });

  it('the quotes of the emoji-13 comment (issue 9) keep every surrogate pair whole', () => {
    const text = 'nice 😀😀😀😀😀😀😀😀😀😀😀😀😀';
    const quotes = [...findEmojiRuns(text)!.quotes, ...findRepeatedCharacters(text)!.quotes];
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(unsafeCharacter(quote)).toBeNull();
  });
});
