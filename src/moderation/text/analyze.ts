import type { CheckInput } from '../types';
import type { CommentAnalysis, Link } from './analysis';
import { findLinks } from '../spam/link-finder';
import { canonicalize } from './canonical';
import { guessLanguage } from './language';

export type { CommentAnalysis } from './analysis';

/** The analysis of a comment's content (already capped by the caller). */
export function analyzeComment(comment: Pick<CheckInput, 'content' | 'lang'>): CommentAnalysis {
  const canonical = canonicalize(comment.content);
  let links: Link[] | undefined;
  return {
    canonical,
    language: guessLanguage(canonical.text, comment.lang),
    // Found on first read: the links check and the spam rules read them both, the others never.
    get links() {
      return (links ??= findLinks(comment.content));
    },
  };
}
