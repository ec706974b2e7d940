import type { Policy } from '../policy';
import { SHORTENERS, cheapTld, isLookalikeHost, isPunycodeHost, isUnderDomain } from '../spam/domains';
import { blankOut, foldWidth, normalizeHost, type Link } from '../spam/link-finder';
import { analyzeComment } from '../text/analyze';
import { quoteAll } from '../terms';
import type { Check, Signal, Span } from '../types';
import { cutText } from '../text/safe-text';

/** Scores of the links check; a site scales them all with `checks.links.weight`. */
export const LINK_SCORES = {
  /** A link to a domain the site blocks: rejects whatever the rest says. */
  blocked_domain: 10,
  /** Any link at all: a little, so that one link alone never holds a comment. */
  link: 1,
  /** Exceeding the site's maxLinks, plus `too_many_links_each` per link past it. */
  too_many_links: 2,
  too_many_links_each: 1,
  // With one link (1), still below the review threshold: a lone t.co link in a tweet is ordinary.
  link_shortener: 1.5,
  obfuscated_link: 3,
  punycode_domain: 2,
  lookalike_domain: 3,
  suspicious_tld: 1.5,
  link_call_to_action: 2,
  /** A comment that is links and at most three other words; `mostly_links_long` when links still fill half of it. */
  mostly_links: 2,
  mostly_links_long: 1,
  referral_link: 1.5,
  author_url: 1,
} as const;

// An imperative or an arrow right before a link: "visit", "go to", "download here:", "--->", "=&gt;".
// Each arrow ends in its head, so a run of dashes splits one way only (no backtracking blow-up).
const ARROW = '(?:[-=~]*(?:>|&gt;|[→⇒➡»]))+';
const CALL_TO_ACTION = new RegExp(
  `(?:\\b(?:visit|go\\s+to|goto|head\\s+(?:over\\s+)?to|check(?:\\s*(?:out|it|this))?|click(?:\\s+(?:here|this|on))?|download(?:\\s+(?:it|here|now))?|watch(?:\\s+(?:it|here|now))?|(?:get|buy|find)\\s+(?:it|yours|them)(?:\\s+here)?|link|site|website|url)\\s*(?::|${ARROW})?\\s*[([]?\\s*|${ARROW}\\s*)$`,
  'iu',
);
const REFERRAL =
  /[?&/](?:ref|refid|ref_id|aff|affid|aff_id|affiliate|referral|referrer|invite|promo|promocode)[=/]/i;

type LinksPolicy = Pick<Policy, 'maxLinks' | 'blockedDomains' | 'allowedDomains'>;

const QUOTED_LINKS = 5;
const shorten = (text: string) => (text.length > 60 ? cutText(text, 58) : text);
/** Quotes the first few links; a moderator does not need all of a thousand. */
const quoteLinks = (links: Link[]) => {
  const quoted = quoteAll(links.slice(0, QUOTED_LINKS).map((link) => shorten(link.text)));
  return links.length > QUOTED_LINKS ? `${quoted} and ${links.length - QUOTED_LINKS} more` : quoted;
};

/** Host of an author's website field, with or without a scheme. */
function hostOf(url: string): string {
  const withoutScheme = foldWidth(url.trim()).replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = withoutScheme.split(/[/?#\\]/, 1)[0] ?? '';
  return normalizeHost(host.slice(host.lastIndexOf('@') + 1).replace(/:\d*$/, ''));
}

function signal(code: keyof typeof LINK_SCORES, message: string, spans?: Span[], score?: number): Signal {
  return { check: 'links', code, score: score ?? LINK_SCORES[code], message, ...(spans ? { spans } : {}) };
}

/** The part of the text right before a link that urges the reader to follow it, if any. */
function callToAction(text: string, link: Link): Span | null {
  const from = Math.max(0, link.span.start - 40);
  const match = CALL_TO_ACTION.exec(text.slice(from, link.span.start));
  return match && match[0].trim() ? { start: from + match.index, end: link.span.end } : null;
}

/**
 * Links in the comment and the author's website: how many, where they go (the site's blocked and
 * allowed domains, shorteners, look-alike and punycode hosts, cheap TLDs), and how they are written
 * (obfuscated, pushed with "visit", "--->", affiliate codes, a comment that is little but links).
 */
export const linksCheck: Check<{ policy: LinksPolicy }> = (
  comment,
  { policy },
  analysis = analyzeComment(comment),
) => {
  const content = comment.content;
  const all = analysis.links;
  const blocked = all.filter((link) => isUnderDomain(link.host, policy.blockedDomains));
  const links = all.filter((link) => !isUnderDomain(link.host, policy.allowedDomains));
  const authorUrl = comment.author.url?.trim() || null;
  const authorHost = authorUrl ? hostOf(authorUrl) : null;
  const authorCounts = authorHost !== null && !isUnderDomain(authorHost, policy.allowedDomains);
  const signals: Signal[] = [];
  const spansOf = (list: Link[]) => list.map((link) => link.span);
  const named = (list: Link[], viaAuthor: boolean) =>
    [
      list.length > 0 ? quoteLinks(list) : '',
      viaAuthor ? `the author's website "${shorten(authorUrl!)}"` : '',
    ]
      .filter(Boolean)
      .join(' and ');

  const authorBlocked = authorHost !== null && isUnderDomain(authorHost, policy.blockedDomains);
  if (blocked.length > 0 || authorBlocked) {
    signals.push({
      ...signal('blocked_domain', `Links to a domain this site blocks: ${named(blocked, authorBlocked)}`),
      force: 'reject',
      ...(blocked.length > 0 ? { spans: spansOf(blocked) } : {}),
    });
  }
  if (links.length > 0) {
    const noun = links.length === 1 ? 'link' : 'links';
    signals.push(signal('link', `${links.length} ${noun}: ${quoteLinks(links)}`, spansOf(links)));
  }
  const extra = links.length - policy.maxLinks;
  if (extra > 0) {
    const score = LINK_SCORES.too_many_links + LINK_SCORES.too_many_links_each * extra;
    const message = `${links.length} links; this site allows ${policy.maxLinks}: ${quoteLinks(links)}`;
    signals.push(signal('too_many_links', message, spansOf(links), score));
  }

  const byHost = (test: (host: string, written: string) => boolean) => ({
    inBody: links.filter((link) => test(link.host, link.text)),
    viaAuthor: authorCounts && test(authorHost!, authorUrl!),
  });
  const hostRules: Array<[keyof typeof LINK_SCORES, string, (host: string, written: string) => boolean]> = [
    ['link_shortener', 'Shortened links hide where they go', (host) => isUnderDomain(host, SHORTENERS)],
    ['punycode_domain', 'Punycode (xn--) domain', (_host, written) => isPunycodeHost(written)],
    [
      'lookalike_domain',
      'Domain imitating Latin letters with another script',
      (host) => isLookalikeHost(host),
    ],
    ['suspicious_tld', 'Domain on a top-level domain favoured by spam', (host) => cheapTld(host) !== null],
  ];
  for (const [code, label, test] of hostRules) {
    const { inBody, viaAuthor } = byHost(test);
    if (inBody.length === 0 && !viaAuthor) continue;
    signals.push(
      signal(code, `${label}: ${named(inBody, viaAuthor)}`, inBody.length ? spansOf(inBody) : undefined),
    );
  }

  const obfuscated = links.filter((link) => link.obfuscated);
  if (obfuscated.length > 0) {
    const message = `Link written to slip past filters: ${quoteLinks(obfuscated)}`;
    signals.push(signal('obfuscated_link', message, spansOf(obfuscated)));
  }
  const pushed = links.flatMap((link) => {
    const span = callToAction(content, link);
    return span ? [span] : [];
  });
  if (pushed.length > 0) {
    const quoted = quoteAll(
      pushed.slice(0, QUOTED_LINKS).map((span) => shorten(content.slice(span.start, span.end).trim())),
    );
    signals.push(signal('link_call_to_action', `Urges readers to follow a link: ${quoted}`, pushed));
  }
  const referral = links.filter((link) => REFERRAL.test(link.rest));
  if (referral.length > 0) {
    signals.push(
      signal('referral_link', `Referral or affiliate link: ${quoteLinks(referral)}`, spansOf(referral)),
    );
  }
  if (links.length > 0) {
    const prose = blankOut(
      content,
      all.map((link) => link.span),
    );
    const words = prose.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
    const inLinks = links.reduce((sum, link) => sum + link.text.replace(/\s+/g, '').length, 0);
    const score =
      words <= 3
        ? LINK_SCORES.mostly_links
        : inLinks * 2 >= content.replace(/\s+/g, '').length
          ? LINK_SCORES.mostly_links_long
          : 0;
    if (score > 0) {
      const message = `The comment is mostly links: ${quoteLinks(links)}`;
      signals.push(signal('mostly_links', message, spansOf(links), score));
    }
  }
  if (authorCounts && authorHost) {
    signals.push(signal('author_url', `The author gives a website: "${shorten(authorUrl!)}"`));
  }
  return signals;
};
