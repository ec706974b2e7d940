import type { CheckInput } from '../types';
import type { CommentAnalysis } from './analysis';
import { canonicalize } from './canonical';
import { guessLanguage } from './language';

export type { CommentAnalysis } from './analysis';

/** The analysis of a comment's content (already capped by the caller). */
export function analyzeComment(comment: Pick<CheckInput, 'content' | 'lang'>): CommentAnalysis {
  const canonical = canonicalize(comment.content);
  return { canonical, language: guessLanguage(canonical.text, comment.lang) };
}
