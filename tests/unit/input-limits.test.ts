import { bigintText, instant } from '../../src/validation';
import { createCommentSchema } from '../../src/intake/comment-schema';

describe('input limits that keep values storable', () => {
  it.each([
    ['1', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false],
    ['99999999999999999999999', false],
    ['-1', false],
    ['1e3', false],
  ])('bigintText accepts %s: %s', (value, ok) => {
    expect(bigintText().safeParse(value).success).toBe(ok);
  });

  it.each([
    ['2026-12-02T08:00:00Z', true],
    ['0001-01-01T00:00:00Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['yesterday', false],
  ])('instant accepts %s: %s', (value, ok) => {
    expect(instant().safeParse(value).success).toBe(ok);
  });

  const schema = createCommentSchema(10);
  it.each([
    ['ten ASCII letters', 'abcdefghij', true],
    ['five emoji (ten UTF-16 code units)', '\u{1F600}'.repeat(5), true],
    ['six emoji (twelve units, six code points)', '\u{1F600}'.repeat(6), false],
    ['a lone surrogate', 'x\ud800', false],
    ['a NUL', 'x\u0000', false],
  ])('content of %s passes: %s', (_case, content, ok) => {
    expect(schema.safeParse({ id: 'c', content }).success).toBe(ok);
  });

  it.each([
    [{ note: 'fine \u{1F600}' }, true],
    [{ note: 'x\u0000' }, false],
    [{ note: 'x\udc00' }, false],
  ])('meta %j passes: %s', (meta, ok) => {
    expect(schema.safeParse({ id: 'c', content: 'hi', meta }).success).toBe(ok);
  });
});
