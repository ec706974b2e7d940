import samples from '../fixtures/language-samples.json';
import { ENGLISH_ONLY, LANGUAGE_SCORES, languageCheck } from '../../src/moderation/checks/language';
import { createChecks, runChecks } from '../../src/moderation/checks';
import { policySchema } from '../../src/moderation/policy';
import { canonicalize } from '../../src/moderation/text/canonical';
import { detectLanguage, guessLanguage, isOtherThanEnglish } from '../../src/moderation/text/language';
import type { CheckInput } from '../../src/moderation/types';
import { loadTextModels } from '../../src/model-files';

const corpus = Object.entries(samples.samples as Record<string, string[]>).flatMap(([lang, texts]) =>
  texts.map((text) => [lang, text] as const),
);
const detect = (text: string) => detectLanguage(canonicalize(text).text);
const comment = (content: string, lang?: string): CheckInput => ({
  content,
  author: {},
  receivedAt: '2026-01-01T00:00:00Z',
  ...(lang ? { lang } : {}),
});

describe('language detection on short comments written for the project', () => {
  it('never takes an English comment for another language', () => {
    const wrong = corpus.filter(([lang, text]) => lang === 'en' && ![null, 'en'].includes(detect(text)));
    expect(wrong).toEqual([]);
  });

  it('names the language of most comments long enough to tell, and is rarely wrong when it answers', () => {
    const others = corpus.filter(([lang]) => lang !== 'en');
    const answered = others.filter(([, text]) => detect(text) !== null);
    const right = answered.filter(
      ([lang, text]) => detect(text) === lang || (lang === 'id' && detect(text) === 'ms'),
    );
    expect(answered.length / others.length).toBeGreaterThan(0.5);
    expect(right.length / answered.length).toBeGreaterThan(0.9);
  });

  it('gives no answer for text too short to tell, and falls back to what the site said', () => {
    expect(detect('wow')).toBeNull();
    expect(guessLanguage('wow', 'de-AT')).toEqual({ code: 'de', source: 'site' });
    expect(guessLanguage('wow')).toEqual({ code: null, source: 'none' });
  });

  it('does not let the site’s word make English-only checks stand aside', () => {
    expect(isOtherThanEnglish({ code: 'de', source: 'site' })).toBe(false);
    expect(isOtherThanEnglish({ code: 'de', source: 'detected' })).toBe(true);
  });
});

describe('language check', () => {
  const run = (content: string, languages: string[] = [], lang?: string) =>
    languageCheck(comment(content, lang), { policy: { languages } });

  it.each([
    ['Das Spiel gestern war eine Katastrophe und der Trainer muss gehen.', ['en'], 'de', true],
    ['The game yesterday was a disaster and the coach has to go.', ['en'], undefined, false],
    ['Hallo', ['en'], 'de-AT', true],
    ['Hallo', ['en', 'de'], 'de-AT', false],
    ['Hallo', [], 'de', false],
    ['Hallo', ['en'], undefined, false],
  ])('%j on a site expecting %j (site says %j): unexpected %s', (content, languages, lang, expected) => {
    const found = run(content, languages, lang).find((signal) => signal.code === 'unexpected_language');
    expect(Boolean(found)).toBe(expected);
    if (found) expect(found).toMatchObject({ check: 'language', score: LANGUAGE_SCORES.unexpected_language });
  });

  it('says which English-only checks stood aside for a comment in another language, and they did', () => {
    const text = 'Ce commentaire est une honte, abonnez-vous à ma chaîne pour gagner de l’argent facilement';
    const [signal] = run(text).filter((one) => one.code === 'english_only_checks_skipped');
    expect(signal).toMatchObject({ score: 0, message: expect.stringContaining('French') });
    for (const name of ENGLISH_ONLY) expect(signal!.message).toContain(name);
    const context = { policy: policySchema.parse({}), author: null, crowd: null, classifier: null };
    const checked = runChecks(createChecks({ models: loadTextModels() }), comment(text), context).map(
      (one) => one.check,
    );
    expect(checked).not.toEqual(expect.arrayContaining(['profanity']));
    expect(checked.filter((check) => check.endsWith('_model'))).toEqual([]);
  });
});
