import type { Policy } from '../policy';
import type { Check, Span } from '../types';

// Scheme-prefixed URLs and bare www. hosts; trailing punctuation is not part of a link.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'()]+[^\s<>"'().,;:!?]/gi;
/** Score of exceeding the site's maximum, and of each link past it. */
const OVER_LIMIT_SCORE = 2;
const PER_EXTRA_LINK_SCORE = 1;

/** Finds the links in a text with their spans. */
export function findLinks(text: string): Array<{ url: string; span: Span }> {
  return [...text.matchAll(LINK)].map((match) => ({
    url: match[0],
    span: { start: match.index, end: match.index + match[0].length },
  }));
}

/** Flags comments with more links than the site allows. */
export const linksCheck: Check<{ policy: Pick<Policy, 'maxLinks'> }> = (comment, { policy }) => {
  const links = findLinks(comment.content);
  const extra = links.length - policy.maxLinks;
  if (extra <= 0) return [];
  return [
    {
      check: 'links',
      code: 'too_many_links',
      score: OVER_LIMIT_SCORE + PER_EXTRA_LINK_SCORE * extra,
      message: `${links.length} links; this site allows ${policy.maxLinks}`,
      spans: links.map((link) => link.span),
    },
  ];
};
