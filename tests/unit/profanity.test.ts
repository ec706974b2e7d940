import { ADVERSARIAL } from '../../bench/adversarial-comments';
import {
  SEVERITY_SCORES,
  createProfanityCheck,
  createProfanityHitFinder,
} from '../../src/moderation/checks/profanity';
import { defaultPolicy } from '../../src/moderation/policy';
import type { CheckInput } from '../../src/moderation/types';

const findHits = createProfanityHitFinder();
const find = (text: string) => findHits(text, []);
const check = createProfanityCheck();
const comment = (content: string): CheckInput => ({
  content,
  author: {},
  receivedAt: '2024-05-01T12:00:00Z',
});
const run = (content: string, allowedTerms: string[] = []) =>
  check(comment(content), { policy: { ...defaultPolicy, allowedTerms } });

describe('profanity: the golden table', () => {
  it.each([
    // obscenity's known false positives: its own whitelist covers these, and must keep doing so.
    'Kung-Fu Panda is on tonight',
    'a fickle electorate',
    'my old 45s collection',
    'the rapper played two encores',
    'the assessment is due',
    'Scunthorpe United won',
    'reading Dickens by the fire',
    'a cocktail bar opened',
    // Found on real text and whitelisted here.
    'the cockpit voice recorder',
    'Penistone Road is closed',
    'she graduated magna cum laude',
    'cumin and coriander',
    'the Fukushima plant',
    'rapeseed oil prices',
    'human trafficking charges',
    'feckless politicians',
    'poems by Emily Dickinson',
    'Moby-Dick is long',
    'the annals of history',
    'victims of #GroomingGangs',
    'Dominic Cummings resigned',
    // Plain words near profane ones.
    'Hancock, Sussex, Essex, a therapist, grapes, a document, an assault, a class, a shuttlecock',
    'U S A, I a m, A B C',
  ])('finds nothing in %j', (text) => {
    expect(find(text)).toEqual([]);
  });

  it.each([
    ['f u c k this', 'f u c k', 'fuck'],
    ['f.u.c.k off', 'f.u.c.k', 'fuck'],
    ['what a load of s h i t', 's h i t', 'shit'],
    ['f-u-c-k you', 'f-u-c-k', 'fuck'],
    ['you c u n t', 'c u n t', 'cunt'],
    ['f*ck that', 'f*ck', 'fuck'],
    ['f**k that', 'f**k', 'fuck'],
    ['this is sh*t', 'sh*t', 'shit'],
    ['what a b*tch', 'b*tch', 'bitch'],
    ['total a**hole', 'a**', 'ass'],
    ['fuuuuck', 'fuuuuck', 'fuck'],
    ['sh1t reporting', 'sh1t', 'shit'],
    ['an a$$hole', 'a$$', 'ass'],
    ['This is fucking ridiculous', 'fuck', 'fuck'],
  ])('finds %j', (text, written, word) => {
    const hits = find(text);
    expect(hits.map((hit) => [hit.written, hit.word])).toEqual([[written, word]]);
    expect(hits.map(({ span }) => text.slice(span.start, span.end))).toEqual([written]);
  });
});

describe('profanity: severity, message and score', () => {
  it.each([
    ['what an ass', 'mild'],
    ['shut up you bastard', 'mild'],
    ['this is shit', 'strong'],
    ['fuck off', 'strong'],
    ['a gangbang video', 'sexual'],
    ['go away you retard', 'slur'],
    ['a filthy kike', 'slur'],
  ] as const)('%j is %s', (text, severity) => {
    const [signal] = run(text);
    expect(signal).toMatchObject({ check: 'profanity', code: 'profanity', score: SEVERITY_SCORES[severity] });
    expect(signal!.message).toContain(`${severity}: "`);
  });

  it('scores slurs above sexual terms above strong words above mild ones', () => {
    expect(SEVERITY_SCORES.slur).toBeGreaterThan(SEVERITY_SCORES.sexual);
    expect(SEVERITY_SCORES.sexual).toBeGreaterThan(SEVERITY_SCORES.strong);
    expect(SEVERITY_SCORES.strong).toBeGreaterThan(SEVERITY_SCORES.mild);
    // A mild word alone does not hold a comment; a strong one does.
    expect(SEVERITY_SCORES.mild).toBeLessThan(defaultPolicy.reviewThreshold);
    expect(SEVERITY_SCORES.strong).toBeGreaterThanOrEqual(defaultPolicy.reviewThreshold);
  });

  it('adds a little per further distinct word, and never rejects on profanity alone', () => {
    expect(run('shit and fuck')[0]!.score).toBe(SEVERITY_SCORES.strong + 1.5);
    expect(run('shit shit shit')[0]!.score).toBe(SEVERITY_SCORES.strong);
    const worst = run('fuck shit bitch cunt dick cock twat wank whore slut you retard')[0]!;
    expect(worst.score).toBeLessThan(defaultPolicy.rejectThreshold);
  });

  it('quotes the words as written, with the dataset word when it differs', () => {
    const [signal] = run('You f.u.c.k.i.n.g sh1t, what an ass');
    expect(signal!.message).toBe('Profanity (strong: "f.u.c.k" (fuck), "sh1t" (shit); mild: "ass")');
  });

  it('finds nothing and emits nothing in a clean comment', () => {
    expect(run('Thanks for the careful reporting on the harbour project.')).toEqual([]);
  });
});

describe('profanity: the site allowed terms, and adversarial text', () => {
  it('drops hits that overlap an allowed term, and only those', () => {
    expect(run('We drove through Clitheroe and Shitterton today')).not.toEqual([]);
    expect(run('We drove through Shitterton today', ['shitterton'])).toEqual([]);
    const [signal] = run('Shitterton is shit', ['shitterton']);
    const content = 'Shitterton is shit';
    expect(signal!.spans!.map((span) => content.slice(span.start, span.end))).toEqual(['shit']);
  });

  it('still finds a spaced-out word in 20,000 characters of adversarial text', () => {
    // How long this takes is measured by `npm run bench` (bench/worst-case.ts), not asserted here.
    const [signal] = run(ADVERSARIAL['letters, dots and spaced-out words'].slice(0, 20_000));
    expect(signal).toMatchObject({ code: 'profanity', message: expect.stringContaining('"f u c k" (fuck)') });
  });
});

describe('profanity on a site that allows swearing', () => {
  const allowing = (content: string) =>
    check(comment(content), { policy: { ...defaultPolicy, swearing: 'allowed' } });

  it.each(['this is fucking brilliant', 'bollocks, I missed the bus', 'shit happens'])(
    'does not count %j',
    (text) => {
      expect(run(text)).toHaveLength(1);
      expect(allowing(text)).toEqual([]);
    },
  );

  it.each(['go back home you n*gger', 'send me a blowjob video'])('still counts %j', (text) => {
    expect(allowing(text)).toHaveLength(1);
  });
});
