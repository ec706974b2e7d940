import type { CommentAnalysis } from './text/analysis';

/** What the policy does with a comment. */
export type Action = 'approve' | 'review' | 'reject';

/** A range of the comment's content, [start, end) in UTF-16 code units, as String#slice takes it. */
export interface Span {
  start: number;
  end: number;
}

/** One named reason that adds to (or subtracts from) a comment's score, rspamd-style. */
export interface Signal {
  /** The check that emitted it, e.g. `profanity`. */
  check: string;
  /** Stable snake_case code, e.g. `too_many_links`. */
  code: string;
  score: number;
  /** What a moderator reads: why this fired, quoting the offending words. */
  message: string;
  spans?: Span[];
  /** Forces at least this action, whatever the score. A forced reject is a hard signal: it holds even for trusted authors. */
  force?: Exclude<Action, 'approve'>;
}

/** The comment as checks see it: only what they may read. */
export interface CheckInput {
  content: string;
  author: {
    id?: string;
    name?: string;
    email?: string;
    url?: string;
    ip?: string;
    userAgent?: string;
  };
  thread?: { id?: string; url?: string; title?: string };
  honeypot?: string | null;
  lang?: string | null;
  /** When the site says the comment was written (ISO 8601), if it said. */
  createdAt?: string | null;
  /** When the service received it (ISO 8601). */
  receivedAt: string;
  /** The site's extra data; `renderedAt` (ISO 8601) is when the comment form was shown. */
  meta?: Record<string, unknown>;
}

/**
 * A check: a pure function of the comment, its preloaded context and its analysis (the canonical
 * text and the language, worked out once by runChecks; a check called alone works it out itself).
 */
export type Check<Context> = (comment: CheckInput, context: Context, analysis?: CommentAnalysis) => Signal[];

/** The decision of the policy, explained by its signals. */
export interface Verdict {
  action: Action;
  score: number;
  signals: Signal[];
}
