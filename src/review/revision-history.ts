import type { Comment } from '../db/comments-repository';
import type { CommentRevision } from '../db/comment-revisions-repository';
import { diffText, type DiffPart } from './text-diff';

/** One revision of an edited comment as the review item shows it: the text, its verdict, and what changed. */
export interface RevisionView {
  revision: number;
  content: string;
  receivedAt: string;
  verdict: CommentRevision['verdict'];
  /** What this revision changed from the one before; null for the first. */
  diff: DiffPart[] | null;
}

/**
 * The edit history of a comment, oldest first, the current text last; empty for a comment never
 * edited (its text is the item's).
 */
export function revisionHistory(comment: Comment, earlier: CommentRevision[]): RevisionView[] {
  if (earlier.length === 0) return [];
  const all = [
    ...earlier,
    {
      revision: comment.revision,
      content: comment.content,
      receivedAt: comment.queuedAt ?? comment.receivedAt,
      verdict: comment.verdict,
    },
  ];
  return all.map((one, index) => ({
    revision: one.revision,
    content: one.content,
    receivedAt: one.receivedAt,
    verdict: one.verdict,
    diff: index === 0 ? null : diffText(all[index - 1]!.content, one.content),
  }));
}
