import { diffText, MAX_DIFF_CELLS, type DiffPart } from '../../src/review/text-diff';

const spell = (parts: DiffPart[], side: 'before' | 'after') =>
  parts
    .filter((part) => part.op === 'same' || part.op === (side === 'before' ? 'removed' : 'added'))
    .map((part) => part.text)
    .join('');

describe('diffText', () => {
  it.each([
    ['the same text', 'Nice article.', 'Nice article.', [{ op: 'same', text: 'Nice article.' }]],
    [
      'a link edited in',
      'Nice article.',
      'Nice article. Visit http://spam.example now',
      [
        { op: 'same', text: 'Nice article.' },
        { op: 'added', text: ' Visit http://spam.example now' },
      ],
    ],
    [
      'a word replaced in the middle',
      'I really like this',
      'I really hate this',
      [
        { op: 'same', text: 'I really ' },
        { op: 'removed', text: 'like' },
        { op: 'added', text: 'hate' },
        { op: 'same', text: ' this' },
      ],
    ],
    ['everything removed', 'gone now', '', [{ op: 'removed', text: 'gone now' }]],
    ['from nothing', '', 'new', [{ op: 'added', text: 'new' }]],
  ])('%s', (_name, before, after, expected) => {
    expect(diffText(before, after)).toEqual(expected);
  });

  it('aligns words that moved apart, and both sides spell their own text exactly, spacing included', () => {
    const before = 'one two  three four five\nsix';
    const after = 'zero one three  four six seven';
    const parts = diffText(before, after);
    expect(spell(parts, 'before')).toBe(before);
    expect(spell(parts, 'after')).toBe(after);
    expect(parts.filter((part) => part.op === 'same').map((part) => part.text.trim())).toEqual(
      expect.arrayContaining(['one', 'four']),
    );
  });

  it('shows the middle of two long, wholly different texts as one removal and one addition', () => {
    const words = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 10;
    const before = `same start ${Array.from({ length: words }, (_, i) => `a${i}`).join(' ')} same end`;
    const after = `same start ${Array.from({ length: words }, (_, i) => `b${i}`).join(' ')} same end`;
    const parts = diffText(before, after);
    expect(parts.map((part) => part.op)).toEqual(['same', 'removed', 'added', 'same']);
    expect(spell(parts, 'before')).toBe(before);
    expect(spell(parts, 'after')).toBe(after);
  });
});
