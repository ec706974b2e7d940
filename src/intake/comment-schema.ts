import { z } from 'zod';
import { unsafeCharacter } from '../moderation/text/safe-text';
import { instant } from '../validation';

/**
 * PostgreSQL text and jsonb cannot hold U+0000, nor jsonb a lone surrogate, so either is refused here
 * as a 400, not a failed insert. Requests meet src/http/text-guard.ts first; this keeps the use cases
 * safe for other callers (the admin CLI).
 */
export const NO_NUL = [
  (value: string) => unsafeCharacter(value) === null,
  'must not contain the NUL character (U+0000) or a lone surrogate',
] as const;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(...NO_NUL);

/**
 * A comment's text, at most `max` UTF-16 code units (String#length: an emoji of the astral planes
 * counts 2). The one place the limit is enforced, in the unit the service works in: what the checks
 * read (MAX_CHECKED_CHARS) and where their spans point are UTF-16 offsets, so a comment within the
 * limit is always checked whole, and bytes would charge non-Latin scripts up to three times as much.
 * JSON Schema's maxLength counts code points, so the document states it and says the unit in words.
 */
export function contentSchema(max: number) {
  return z
    .string()
    .refine(
      (content) => content.length <= max,
      `must be at most ${max} UTF-16 code units (an emoji counts 2)`,
    )
    .refine((content) => content.trim().length > 0, 'must not be empty')
    .refine(...NO_NUL)
    .meta({
      maxLength: max,
      description: `The comment's text: at most ${max} UTF-16 code units (MAX_CONTENT_CHARS; JavaScript's String#length, so most emoji count 2).`,
    });
}

/** The comment a site posts; `maxContentChars` comes from config. Unknown keys are refused, so typos surface. */
export function createCommentSchema(maxContentChars: number) {
  return z
    .object({
      /** The site's own id of the comment: the idempotency key. */
      id: text(200),
      content: contentSchema(maxContentChars),
      author: z
        .object({
          id: text(200).optional(),
          name: text(200).optional(),
          email: z.email().max(320).optional(),
          url: text(2000).optional(),
          ip: z.union([z.ipv4(), z.ipv6()]).optional(),
          userAgent: text(1000).optional(),
        })
        .strict()
        .default({}),
      thread: z
        .object({
          id: text(200).optional(),
          url: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .optional(),
          title: text(500).optional(),
        })
        .strict()
        .default({}),
      parentId: text(200).optional(),
      createdAt: instant().optional(),
      lang: z
        .string()
        .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"')
        .optional(),
      /** The value of a form field hidden from people; bots fill it. */
      honeypot: z
        .string()
        .max(1000)
        .refine(...NO_NUL)
        .optional(),
      /** Anything else the site wants kept with the comment (e.g. renderedAt). */
      meta: z
        .record(z.string().max(100), z.unknown())
        // JSON.stringify escapes exactly these: U+0000 as \u0000 and a lone surrogate as \udXXX.
        .refine((meta) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(meta)), NO_NUL[1])
        .default({}),
    })
    .strict();
}

export type CommentPayload = z.infer<ReturnType<typeof createCommentSchema>>;
