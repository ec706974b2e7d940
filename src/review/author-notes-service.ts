import type { Pool } from 'pg';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';
import type { Comment } from '../db/comments-repository';
import { deleteAuthorNote, insertAuthorNote } from '../db/author-notes-repository';
import { isAdmin, moderatorIdOf, siteScope, type Principal } from '../access/principal';

export const authorNoteBody = z.object({ body: z.string().trim().min(1).max(2000) }).strict();

/** Moderators' notes on the author of a comment, shown with the author's history in every item of theirs. */
export function createAuthorNotesService(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    /** Adds a note on the comment's author; a comment without an author id or e-mail has nobody to note. */
    async add(principal: Principal, comment: Comment, input: z.infer<typeof authorNoteBody>) {
      if (!comment.authorKey) {
        throw new ValidationError([
          { path: 'body', message: 'the site sent no author id or e-mail with this comment: nobody to note' },
        ]);
      }
      return insertAuthorNote(pool, {
        siteId: comment.siteId,
        authorKey: comment.authorKey,
        moderatorId: moderatorIdOf(principal),
        body: input.body,
      });
    },

    /** Deletes a note: one's own, or any of one's sites' as an admin. */
    async remove(principal: Principal, noteId: string): Promise<void> {
      const deleted = await deleteAuthorNote(pool, noteId, {
        siteIds: siteScope(principal),
        moderatorId: isAdmin(principal) ? null : moderatorIdOf(principal),
      });
      if (!deleted) throw new NotFoundError(`Author note ${noteId}`);
    },
  };
}

export type AuthorNotesService = ReturnType<typeof createAuthorNotesService>;
