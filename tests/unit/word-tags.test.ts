import { createFeaturizer } from '../../src/moderation/models/features';
import { parseWordTags } from '../../src/moderation/models/word-tags';
import { loadTextModels } from '../../src/model-files';
import { createTextScorer } from '../../src/moderation/models/text-model';
import { canonicalize } from '../../src/moderation/text/canonical';

const SPEC = { bits: 16, charMin: 3, charMax: 5, wordBigrams: true, factValue: 0.3 };
const TAGS = parseWordTags(
  ['# a comment line', 'c4:1>c2:0\tmoron imbecile', 'c4:2>c2:1\tweather', 'afinn:-3\tmoron', ''].join('\n'),
);
const NO_CUES = { facts: [], skip: [] };

describe('word tags', () => {
  const tagged = createFeaturizer({ ...SPEC, wordTags: 'tags.txt' }, TAGS);
  const tagIndexes = (text: string) =>
    new Set(
      tagged
        .explain(text, NO_CUES)
        .filter((source) => source.kind === 'tag')
        .map((source) => source.index),
    );

  it('give words of one cluster shared features, and a lexicon class its own', () => {
    const moron = tagIndexes('you moron');
    const imbecile = tagIndexes('you imbecile');
    expect(moron.size).toBe(3);
    expect(imbecile.size).toBe(2);
    expect([...imbecile].every((index) => moron.has(index))).toBe(true);
    expect([...tagIndexes('nice weather')].some((index) => moron.has(index))).toBe(false);
  });

  it('credit a tag to the word that carries it, for explanations', () => {
    const text = 'what an imbecile';
    const sources = tagged.explain(text, NO_CUES).filter((source) => source.kind === 'tag');
    expect(sources.map((source) => text.slice(source.wordStart, source.wordEnd))).toEqual([
      'imbecile',
      'imbecile',
    ]);
  });

  it('add nothing to a spec that names no tags file', () => {
    const plain = createFeaturizer(SPEC, TAGS);
    const text = 'you moron';
    expect(plain.explain(text, NO_CUES).some((source) => source.kind === 'tag')).toBe(false);
    expect([...plain.extract(text, NO_CUES).indexes]).toEqual([
      ...createFeaturizer(SPEC).extract(text, NO_CUES).indexes,
    ]);
  });

  it('must be given when the spec names them', () => {
    expect(() => createFeaturizer({ ...SPEC, wordTags: 'tags.txt' })).toThrow(/word tags tags\.txt/);
  });

  it('are loaded with the shipped models that name them', () => {
    const models = loadTextModels();
    for (const model of models) expect(model.wordTags !== undefined).toBe(model.spec.wordTags !== undefined);
  });

  it('leave the features of a model without tags as they are when one pass serves both', () => {
    const both = tagged.extractBoth('you are a moron, nice weather', NO_CUES);
    const alone = createFeaturizer(SPEC).extract('you are a moron, nice weather', NO_CUES);
    expect([...both.plain.indexes]).toEqual([...alone.indexes]);
    expect([...both.plain.values]).toEqual([...alone.values]);
    expect(both.tagged!.size).toBe(both.plain.size + 5);
  });

  it('leave the shipped spam model’s scores unchanged beside the tagged offensive model', () => {
    const models = loadTextModels();
    const withBoth = createTextScorer(models);
    const spamOnly = createTextScorer(models.filter((model) => model.name === 'spam'));
    for (const text of [
      'You are such an asshole',
      'I made $300 today with this trick http://x.co/a',
      'nice video',
    ]) {
      const canonical = canonicalize(text);
      expect(withBoth.score('spam', text, canonical)).toEqual(spamOnly.score('spam', text, canonical));
      expect(withBoth.explain('spam', text, canonical, 1)).toEqual(
        spamOnly.explain('spam', text, canonical, 1),
      );
    }
  });
});
