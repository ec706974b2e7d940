import { bayesScore, classifierCheck } from '../../src/moderation/classifier/classifier-check';
import { createMemoryLearning, type MemoryLearning } from '../../src/learning/memory-learning';
import type { Label } from '../../src/moderation/classifier/learning';
import { MIN_EXAMPLES_PER_LABEL } from '../../src/moderation/classifier/model';
import { tokenize } from '../../src/moderation/classifier/tokenizer';

const SITE = '11111111-1111-4111-8111-111111111111';
const spam = [
  'Check out my channel and subscribe! http://bestvids.example.com',
  'Please subscribe to my channel, I make funny videos',
  'SUBSCRIBE to my channel for free PSN codes',
  'Free PSN codes at freecodes.com, check it out',
  'Check out my new video and subscribe please',
  'Get free gift cards here: http://gifts.example.net',
  'Subscribe to my channel, I subscribe back!',
  'Want free codes? Check out my channel',
];
const ham = [
  'This song reminds me of summer with my family',
  'The ending of the movie was so sad, I cried',
  'Great performance, the drummer is amazing',
  'I have listened to this song every day this week',
  'Who else is watching this in 2015?',
  'The movie was better than the book in my opinion',
  'Her voice is beautiful, what a song',
  'I saw the movie twice in the cinema',
];

async function trainedStore(spamTexts = spam, hamTexts = ham): Promise<MemoryLearning> {
  const store = createMemoryLearning();
  const examples = (texts: string[], label: Label) =>
    texts.map((text, i) => ({ siteId: SITE, key: `${label}-${i}`, label, tokens: tokenize(text) }));
  await store.learnMany([...examples(spamTexts, 'spam'), ...examples(hamTexts, 'ham')]);
  return store;
}

const run = async (content: string, store?: MemoryLearning) =>
  classifierCheck(
    { content, author: {}, receivedAt: '2026-01-01T00:00:00Z' },
    { classifier: await (store ?? (await trainedStore())).stats(SITE, tokenize(content)) },
  );

describe('classifier check', () => {
  it('abstains when the worker could not load the counts', () => {
    expect(
      classifierCheck({ content: 'subscribe', author: {}, receivedAt: '' }, { classifier: null }),
    ).toEqual([]);
  });

  it(`abstains until ${MIN_EXAMPLES_PER_LABEL} examples of each label were learned`, async () => {
    const few = await trainedStore(spam.slice(0, MIN_EXAMPLES_PER_LABEL - 1), ham);
    expect(await run('Check out my channel and subscribe', few)).toEqual([]);
    const enough = await trainedStore(
      spam.slice(0, MIN_EXAMPLES_PER_LABEL),
      ham.slice(0, MIN_EXAMPLES_PER_LABEL),
    );
    expect(await run('Check out my channel and subscribe', enough)).not.toEqual([]);
  });

  it('flags clearly spammy text after learning, naming and marking the words', async () => {
    const content = 'Hey guys check out my channel and subscribe!! free codes';
    const [signal, ...rest] = await run(content);
    expect(rest).toEqual([]);
    expect(signal).toMatchObject({ check: 'classifier', code: 'bayes_spam' });
    expect(signal!.score).toBeGreaterThanOrEqual(4);
    expect(signal!.message).toMatch(/^Learned from moderators: \d+(\.\d)?% likely spam \(words: "[^"]+"/);
    const marked = signal!.spans!.map((span) => content.slice(span.start, span.end).toLowerCase());
    expect(marked.join(' ')).toMatch(/subscribe|channel|check out|free/);
    for (const span of signal!.spans!) expect(span.end).toBeGreaterThan(span.start);
  });

  it('marks a learned spam domain where it appears in the text', async () => {
    const store = await trainedStore(
      [...spam, 'Visit ｗｗｗ.FreeCodes.ｃom now', 'freecodes.com has free codes'],
      ham,
    );
    const content = 'Totally legit: FREECODES.COM';
    const [signal] = await run(content, store);
    expect(signal?.code).toBe('bayes_spam');
    expect(signal!.spans!.map((span) => content.slice(span.start, span.end))).toContain('FREECODES.COM');
  });

  it('lowers the score of text like what moderators approved', async () => {
    const [signal] = await run('What a beautiful song, the movie was amazing');
    expect(signal).toMatchObject({ check: 'classifier', code: 'bayes_ham' });
    expect(signal!.score).toBeLessThan(0);
    expect(signal!.message).toMatch(/likely not spam/);
    expect(signal!.spans).toBeUndefined();
  });

  it('stays silent on text it knows nothing about', async () => {
    expect(await run('Quantum chromodynamics lattice')).toEqual([]);
  });

  it.each([
    [0.9999, 8],
    [0.999, 8],
    [0.995, 6],
    [0.99, 6],
    [0.95, 4],
    [0.9, 4],
    [0.89, 0],
    [0.5, 0],
    [0.11, 0],
    [0.1, -1],
    [0.02, -1],
    [0.01, -2],
    [0, -2],
  ])('scores P(spam)=%d as %d', (probability, score) => {
    expect(bayesScore(probability)).toBe(score);
  });
});
