/** The moderation states the service reports (GET /v1/comments/:externalId, callbacks). */
export type ModerationStatus = 'queued' | 'approved' | 'pending_review' | 'rejected';

export interface SiteComment {
  /** The site's own id, sent to the service as `id` (its idempotency key, `externalId` there). */
  id: string;
  name: string;
  content: string;
  createdAt: Date;
  status: ModerationStatus;
  /** The service's version of the verdict; 0 until the service has answered. */
  version: number;
}

/**
 * The site's comments. IN MEMORY ONLY, to keep the example small: a real site keeps them in its own
 * database (the comment row first, then the call to the service), so that nothing is lost on restart.
 */
export class CommentStore {
  private readonly comments = new Map<string, SiteComment>();

  add(comment: Omit<SiteComment, 'status' | 'version'>): SiteComment {
    const stored: SiteComment = { ...comment, status: 'queued', version: 0 };
    this.comments.set(stored.id, stored);
    return stored;
  }

  get(id: string): SiteComment | undefined {
    return this.comments.get(id);
  }

  remove(id: string): void {
    this.comments.delete(id);
  }

  /**
   * Applies a status the service reported, unless an equal or newer version was already applied:
   * callbacks may arrive out of order (retries) and before the intake call's own answer.
   * Returns whether it changed anything.
   */
  applyVerdict(id: string, status: ModerationStatus, version: number): boolean {
    const comment = this.comments.get(id);
    if (!comment || version <= comment.version) return false;
    comment.status = status;
    comment.version = version;
    return true;
  }

  /** What readers see: only the comments the service (or a moderator) approved, oldest first. */
  published(): SiteComment[] {
    return [...this.comments.values()]
      .filter((comment) => comment.status === 'approved')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}
