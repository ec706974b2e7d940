import { z } from 'zod';

const optional = (max: number, description: string) => z.string().max(max).optional().describe(description);

/** The credential fields every Akismet call may carry; none is required, since a header may carry the key. */
const credentials = {
  api_key: optional(200, "The site's API key. It may instead come as `key`, or in the Authorization header."),
  key: optional(200, 'Older clients send the API key under this name.'),
};

/**
 * The form of `/1.1/verify-key`, as Akismet documents it. Unknown fields are kept, not refused:
 * Akismet clients send whatever their platform adds.
 */
export const verifyKeyFormSchema = z.looseObject({
  ...credentials,
  blog: z
    .string()
    .min(1)
    .max(2000)
    .describe('The front page URL of the site. Required, as by Akismet; any value is accepted.'),
});

/**
 * The form of `/1.1/comment-check`, `/1.1/submit-spam` and `/1.1/submit-ham`, as Akismet documents
 * it. Server variables (HTTP_*, REMOTE_ADDR, …) and other extra fields are accepted and ignored.
 */
export function createAkismetCommentSchema(maxContentChars: number) {
  return z.looseObject({
    ...verifyKeyFormSchema.shape,
    user_ip: z.string().min(1).max(100).describe('IP address of the comment submitter. Required.'),
    user_agent: optional(1000, "User agent string of the submitter's browser."),
    referrer: optional(2000, 'The HTTP Referer of the page that sent the comment.'),
    permalink: optional(2000, 'The full URL of the page the comment was posted on.'),
    comment_type: optional(100, 'comment, forum-post, reply, blog-post, contact-form, signup, message, …'),
    comment_author: optional(200, 'Name submitted with the comment.'),
    comment_author_email: optional(320, 'E-mail address submitted with the comment.'),
    comment_author_url: optional(2000, 'URL submitted with the comment.'),
    comment_content: optional(maxContentChars, 'The content that was submitted.'),
    comment_date_gmt: optional(100, 'When the comment was written, ISO 8601 UTC.'),
    comment_post_modified_gmt: optional(100, 'When the post was published or last changed, ISO 8601 UTC.'),
    blog_lang: optional(100, 'Languages of the site, ISO 639-1, comma-separated (e.g. "en, fr_ca").'),
    blog_charset: optional(50, 'Character encoding of the form values, e.g. UTF-8.'),
    user_role: optional(100, '"administrator" always gets "false", as with Akismet.'),
    is_test: optional(10, 'Set by tests; accepted and ignored.'),
    recheck_reason: optional(100, 'Why the comment is checked again; accepted and ignored.'),
    honeypot_field_name: optional(100, 'The name of a hidden form field; its value is sent under that name.'),
  });
}

export type AkismetCommentForm = z.infer<ReturnType<typeof createAkismetCommentSchema>>;

/**
 * Parses an Akismet form. A bad one is answered in Akismet's own words ("Missing required field:
 * user_ip."), which its clients show to the people who configure them.
 */
export function parseAkismetForm<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
): { form: z.infer<Schema>; problem?: undefined } | { form?: undefined; problem: string } {
  const input = body ?? {};
  const result = schema.safeParse(input);
  if (result.success) return { form: result.data };
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? 'body');
  const present = typeof input === 'object' && input !== null && field in input;
  return {
    problem: present ? `Invalid field: ${field} (${issue.message}).` : `Missing required field: ${field}.`,
  };
}
