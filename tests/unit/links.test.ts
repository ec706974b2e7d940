import { ADVERSARIAL } from '../../bench/adversarial-comments';
import { LINK_SCORES, linksCheck } from '../../src/moderation/checks/links';
import { findLinks } from '../../src/moderation/spam/link-finder';
import { defaultPolicy, type Policy } from '../../src/moderation/policy';
import type { CheckInput, Signal } from '../../src/moderation/types';

const comment = (content: string, author: CheckInput['author'] = {}): CheckInput => ({
  content,
  author,
  receivedAt: '2024-05-01T12:00:00.000Z',
});
const run = (content: string, policy: Partial<Policy> = {}, author: CheckInput['author'] = {}) =>
  linksCheck(comment(content, author), { policy: { ...defaultPolicy, ...policy } });
const byCode = (signals: Signal[], code: string) => signals.find((signal) => signal.code === code);
const marked = (content: string, found: Signal | undefined) =>
  (found?.spans ?? []).map((span) => content.slice(span.start, span.end));

describe('findLinks', () => {
  it.each([
    [
      'a scheme URL, without the trailing full stop',
      'See https://example.com/a?b=1.',
      ['https://example.com/a?b=1'],
      ['example.com'],
    ],
    ['a www. host', 'go to www.Example.org now', ['www.Example.org'], ['www.example.org']],
    [
      'a bare domain with a path',
      'watch it at movi5.com/film/42 today',
      ['movi5.com/film/42'],
      ['movi5.com'],
    ],
    ['a bare shortener with a backslash path', 'here: bit.ly\\Myn7k', ['bit.ly'], ['bit.ly']],
    [
      'a multi-label bare domain',
      'get it from megatrixe.blogspot.co.uk/',
      ['megatrixe.blogspot.co.uk/'],
      ['megatrixe.blogspot.co.uk'],
    ],
    ['"name dot com"', 'visit cheapstuff dot com', ['cheapstuff dot com'], ['cheapstuff.com']],
    ['"name(dot)com"', 'news at gonintendo(dot)com/?id=1', ['gonintendo(dot)com'], ['gonintendo.com']],
    ['"nameDOTcom"', 'visit FreeTools24DOTcom', ['FreeTools24DOTcom'], ['freetools24.com']],
    ['"name. com"', 'on bidroop. Com for codes', ['bidroop. Com'], ['bidroop.com']],
    ['"name*com"', 'see tinyurl*com/abc', ['tinyurl*com'], ['tinyurl.com']],
    ['a spaced-out scheme', 'h t t p : / / a d f . l y /TmD6j', ['h t t p : / / a d f . l y'], ['adf.ly']],
    [
      'fullwidth letters',
      'codes at ｗｗｗ.FreeCodes.ｃom now',
      ['ｗｗｗ.FreeCodes.ｃom'],
      ['www.freecodes.com'],
    ],
    [
      'a punycode host, decoded',
      'login at http://xn--pple-43d.com/id',
      ['http://xn--pple-43d.com/id'],
      ['аpple.com'],
    ],
  ])('finds %s', (_name, text, written, hosts) => {
    const links = findLinks(text);
    expect(links.map((link) => link.text)).toEqual(written);
    expect(links.map((link) => link.host)).toEqual(hosts);
    expect(links.map((link) => text.slice(link.span.start, link.span.end))).toEqual(written);
  });

  it.each([
    ['sloppy sentence spacing', 'I loved it.It was great and so.So good'],
    ['abbreviations and numbers', 'e.g. the U.S. team, version 2.0, 7.5 billion, 10.ml of water'],
    ['file names', 'open index.php or readme.md or script.js'],
    ['an e-mail address', 'write to jane.doe@example.com please'],
    ['"the dot com bubble"', 'remember the dot com bubble?'],
    ['a long run of dots and letters', `${'a.'.repeat(500)}a ${'.'.repeat(500)}`],
  ])('finds no link in %s', (_name, text) => {
    expect(findLinks(text)).toEqual([]);
  });
});

describe('linksCheck', () => {
  it.each([
    ['link', 'Interesting, see https://example.org/report', {}, ['https://example.org/report']],
    ['too_many_links', 'a.com/1 b.com/2 c.com/3 and more', {}, ['a.com/1', 'b.com/2', 'c.com/3']],
    ['link_shortener', 'best movie, watch it at bit.ly/xyz123 tonight', {}, ['bit.ly/xyz123']],
    ['link_shortener', 'enjoy https://sub.tinyurl.com/abc and more', {}, ['https://sub.tinyurl.com/abc']],
    ['obfuscated_link', 'free codes at FreePsnCodes dot com', {}, ['FreePsnCodes dot com']],
    [
      'punycode_domain',
      'log in at https://xn--pple-43d.com/signin to verify',
      {},
      ['https://xn--pple-43d.com/signin'],
    ],
    ['lookalike_domain', 'verify at https://pаypal.com/login please', {}, ['https://pаypal.com/login']],
    ['suspicious_tld', 'visit idquw.tk', {}, ['idquw.tk']],
    ['link_call_to_action', 'Guys go to movie2k.com if you want it', {}, ['go to movie2k.com']],
    [
      'link_call_to_action',
      'Free film ---&gt;&gt;&gt; watchfree.example.com enjoy',
      {},
      ['---&gt;&gt;&gt; watchfree.example.com'],
    ],
    [
      'referral_link',
      'great app https://app.example.com/?ref=3848612 for you',
      {},
      ['https://app.example.com/?ref=3848612'],
    ],
    ['mostly_links', 'gamefaqs.com/poll/5246', {}, ['gamefaqs.com/poll/5246']],
    [
      'blocked_domain',
      'deals at https://shop.casino.example/x',
      { blockedDomains: ['casino.example'] },
      ['https://shop.casino.example/x'],
    ],
  ])('emits %s for %j', (code, content, policy, expected) => {
    const found = byCode(run(content, policy), code);
    expect(found).toMatchObject({ check: 'links', code, score: expect.any(Number) });
    expect(marked(content, found)).toEqual(expected);
    // The message quotes what it found.
    const lastWord = expected[0]!.split(/\s+/).pop()!;
    expect(found!.message).toContain(lastWord.slice(0, 20));
  });

  it.each([
    ['an ordinary comment', 'Thanks for the article, the second chart explains the budget well!'],
    [
      'one news link',
      'The full report is here https://www.gov.uk/government/publications/budget-2024 worth reading',
    ],
    ['an e-mail address', 'Email the council at clerk@town.example.gov with complaints'],
    ['a time and a price', 'At 10:30 the price was $4.50 per litre, up 5.5% on last year'],
  ])('keeps %s below review', (_name, content) => {
    const total = run(content).reduce((sum, signal) => sum + signal.score, 0);
    expect(total).toBeLessThan(defaultPolicy.reviewThreshold);
  });

  it('blocked domains force a reject, also through the author website, and hold for subdomains', () => {
    const policy = { blockedDomains: ['spam.example'] };
    const inBody = byCode(run('see www.spam.example/offer', policy), 'blocked_domain');
    expect(inBody).toMatchObject({ force: 'reject', score: LINK_SCORES.blocked_domain });
    const viaAuthor = byCode(
      run('nice post', policy, { url: 'https://shop.spam.example' }),
      'blocked_domain',
    );
    expect(viaAuthor).toMatchObject({ force: 'reject' });
    expect(viaAuthor!.message).toContain('https://shop.spam.example');
    expect(byCode(run('see notspam.example', policy), 'blocked_domain')).toBeUndefined();
  });

  it('allowed domains and their subdomains never count, not even against the maximum', () => {
    const content =
      'a https://news.example.org/1 https://www.example.org/2 https://example.org/3 https://t.co/x';
    const signals = run(content, { allowedDomains: ['example.org'] });
    expect(byCode(signals, 'too_many_links')).toBeUndefined();
    expect(marked(content, byCode(signals, 'link'))).toEqual(['https://t.co/x']);
    expect(run('https://bit.ly/abc', { allowedDomains: ['bit.ly'] })).toEqual([]);
  });

  it('scores too_many_links by the links past the site maximum', () => {
    const content = 'x https://a.example/1 https://b.example/2 https://c.example/3 https://d.example/4';
    expect(byCode(run(content), 'too_many_links')).toMatchObject({
      score: LINK_SCORES.too_many_links + 2 * LINK_SCORES.too_many_links_each,
      message: expect.stringMatching(/^4 links; this site allows 2: "https:\/\/a\.example\/1", /),
    });
    expect(byCode(run(content, { maxLinks: 4 }), 'too_many_links')).toBeUndefined();
  });

  it('notes an author website, and a shortener there, without spans', () => {
    const signals = run('Nice post', {}, { url: 'bit.ly/me' });
    expect(byCode(signals, 'author_url')).toMatchObject({ score: LINK_SCORES.author_url });
    expect(byCode(signals, 'link_shortener')!.message).toContain('"bit.ly/me"');
    expect(byCode(signals, 'author_url')!.spans).toBeUndefined();
    expect(
      run('Nice post', { allowedDomains: ['example.com'] }, { url: 'https://blog.example.com' }),
    ).toEqual([]);
  });

  it('finds every link in a 20,000-character adversarial comment', () => {
    // How long this takes is measured by `npm run bench` (bench/worst-case.ts), not asserted here.
    const content = ADVERSARIAL['links and link look-alikes'].slice(0, 20_000);
    const signals = run(content);
    expect(marked(content, byCode(signals, 'link')).filter((link) => link === 'http://x.com/')).toHaveLength(
      200,
    );
    expect(byCode(signals, 'too_many_links')).toBeDefined();
  });
});
