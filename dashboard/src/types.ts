/** The shapes of the API's answers the dashboard reads (see /openapi.json). */

// A type-only import from the service's pure types: erased by esbuild, so no server code reaches the page.
import type { Signal, Span } from '../../src/moderation/types';

export type { Signal, Span };
export type Status = 'queued' | 'pending_review' | 'approved' | 'rejected' | 'appealed' | 'deleted';

/** A reason the site may show the commenter. */
export interface PublicReason {
  code: string;
  text: string;
}

export interface Claim {
  moderatorId: string | null;
  name: string;
  expiresAt: string;
}

export interface ReviewComment {
  id: string;
  siteId: string;
  externalId: string;
  status: Status;
  version: number;
  content: string;
  author: { id?: string; name?: string; email?: string; url?: string; ip?: string };
  /** What author actions name the author by; null for an anonymous comment. */
  authorKey: string | null;
  thread: { id?: string; url?: string; title?: string };
  score: number | null;
  action: 'approve' | 'review' | 'reject' | null;
  signals: Signal[];
  reason: PublicReason | null;
  /** Trial mode: the verdict was only observed; the comment was approved. */
  observed: boolean;
  revision: number;
  anonymisedAt: string | null;
  receivedAt: string;
  decidedAt: string | null;
  claimedBy?: Claim | null;
}

export interface Decision {
  id: string;
  commentId: string;
  siteId: string;
  version: number;
  fromStatus: Status;
  toStatus: Status;
  action: string;
  decidedBy: 'auto' | 'moderator' | 'site';
  moderatorId: string | null;
  score: number | null;
  reason: string | null;
  reasonCode: string | null;
  observed: boolean;
  note: string | null;
  undoes: string | null;
  createdAt: string;
}

/** One part of a word diff: shared, removed or added text. */
export interface DiffPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

export interface Revision {
  revision: number;
  content: string;
  receivedAt: string;
  verdict: { action: string; score: number; signals: Signal[] } | null;
  diff: DiffPart[] | null;
}

export interface Appeal {
  id: string;
  version: number;
  text: string;
  status: 'pending' | 'upheld' | 'overturned' | 'withdrawn';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: 'moderator' | 'site' | null;
  moderatorId: string | null;
}

export interface AuthorAction {
  id: string;
  siteId: string;
  authorKey: string;
  action: 'trust' | 'premoderate' | 'suspend' | 'ban' | 'clear' | 'reject_pending';
  until: string | null;
  reason: string;
  moderatorId: string | null;
  affected: number | null;
  createdAt: string;
}

export interface AuthorView {
  siteId: string;
  authorKey: string;
  standing: { kind: string; until: string | null; reason: string; updatedAt: string } | null;
  counts: Record<Status, number>;
  actions: AuthorAction[];
}

/** A decision as the audit log lists it: with the site's id of the comment and an excerpt. */
export interface AuditEntry extends Decision {
  externalId: string;
  excerpt: string;
}

/** One of my decisions, with where its comment stands now. */
export interface MyDecision extends AuditEntry {
  current: { status: Status; version: number };
  undoable: boolean;
}

export interface AuthorNote {
  id: string;
  siteId: string;
  moderatorId: string | null;
  body: string;
  createdAt: string;
}

export interface ReviewItem extends ReviewComment {
  authorHistory: {
    counts: Record<Status, number>;
    recent: Array<{ id: string; status: Status; receivedAt: string; content: string }>;
    notes: AuthorNote[];
  } | null;
  decisions: Decision[];
  revisions: Revision[];
  appeals: Appeal[];
}

export interface Me {
  id: string;
  name: string;
  role: 'admin' | 'moderator';
  siteIds: string[];
}

export interface SessionInfo {
  moderator: Me;
  csrfToken: string;
  expiresAt: string;
}

/** GET /v1/session: whether the browser is signed in. */
export type SessionAnswer = ({ signedIn: true } & SessionInfo) | { signedIn: false };

export interface SiteSummary {
  id: string;
  name: string;
  reviewThreshold: number;
  rejectThreshold: number;
}

export interface Directory {
  sites: SiteSummary[];
  moderators: Array<{ id: string; name: string; role: string; active?: boolean }>;
}

/** Who caused a live event. */
export interface Actor {
  moderatorId: string | null;
  name: string;
}

/** What GET /v1/review/events sends (ids only: the page re-reads what changed). */
export type LiveEvent =
  | { type: 'held'; items: Array<{ id: string; siteId: string; version: number }> }
  | { type: 'decided'; id: string; siteId: string; status: Status; version: number; by: Actor }
  | { type: 'claimed' | 'released'; id: string; siteId: string; by: Actor };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Counts = Record<Status, number>;

export interface PolicyChange {
  id: string;
  siteId: string;
  changedBy: 'operator' | 'moderator';
  moderatorId: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  createdAt: string;
}
