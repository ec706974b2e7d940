import { isIndexable, parseSearchTerms } from '../../src/review/search-terms';
import { containsPattern } from '../../src/db/review-repository';

describe('parseSearchTerms', () => {
  it.each([
    ['viagra', ['viagra']],
    ['  cheap   viagra ', ['cheap', 'viagra']],
    ['"cheap viagra" now', ['cheap viagra', 'now']],
    ['"unclosed phrase', ['"unclosed', 'phrase']],
    ['""', []],
    ['a b c d e f g h i j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
  ])('reads %j as %j', (query, terms) => {
    expect(parseSearchTerms(query)).toEqual(terms);
  });

  it('needs a term of three characters for the trigram index', () => {
    expect(isIndexable(['ab', 'c'])).toBe(false);
    expect(isIndexable(['ab', 'abc'])).toBe(true);
    expect(isIndexable(['ü€x'])).toBe(true);
  });
});

describe('containsPattern', () => {
  it('matches the term anywhere and takes LIKE wildcards literally', () => {
    expect(containsPattern('100%')).toBe('%100\\%%');
    expect(containsPattern('a_b\\c')).toBe('%a\\_b\\\\c%');
  });
});
