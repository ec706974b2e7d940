import { z } from 'zod';
import { cutText } from '../moderation/text/safe-text';

/**
 * A free-text field. Akismet answers true or false whatever a client sends, so a value longer than
 * we check is cut to `max`, not refused: a comment is judged by its first `max` characters.
 */
const text = (max: number, description: string) =>
  z
    .string()
    .transform((value) => cutText(value, max, ''))
    .optional()
    .describe(`${description} Longer values are cut to ${max} characters.`);

/** The credential fields every Akismet call may carry; none is required, since a header or the host may carry the key. */
const credentials = {
  api_key: z
    .string()
    .optional()
    .describe(
      "The site's API key. It may instead come as `key`, in the Authorization header, or as `<key>.<host>`.",
    ),
  key: z.string().optional().describe('Older clients send the API key under this name.'),
};

/** Akismet's `blog`: the site's front page, which Akismet requires as a full http(s) URL. */
const blog = z
  .url({ protocol: /^https?$/, message: 'must be a full http or https URL, such as https://news.example' })
  .max(2000)
  .describe('The front page URL of the site, a full http or https URL. Required, as by Akismet.');

/**
 * The form of `/1.1/verify-key`, as Akismet documents it. Unknown fields are kept, not refused:
 * Akismet clients send whatever their platform adds.
 */
export const verifyKeyFormSchema = z.looseObject({ ...credentials, blog });

/**
 * The form of `/1.1/comment-check`, `/1.1/submit-spam` and `/1.1/submit-ham`, as Akismet documents
 * it. Server variables (HTTP_*, REMOTE_ADDR, …), `comment_context[]`, `comment_parent` and other
 * extra fields are accepted and ignored.
 */
export function createAkismetCommentSchema(maxContentChars: number) {
  return z.looseObject({
    ...verifyKeyFormSchema.shape,
    user_ip: z
      .string()
      .min(1)
      .transform((value) => cutText(value, 100, ''))
      .describe('IP address of the comment submitter. Required.'),
    user_agent: text(1000, "User agent string of the submitter's browser."),
    referrer: text(2000, 'The HTTP Referer of the page that sent the comment.'),
    permalink: text(2000, 'The full URL of the page the comment was posted on.'),
    comment_type: text(100, 'comment, forum-post, reply, blog-post, contact-form, signup, message, …'),
    comment_author: text(
      200,
      'Name submitted with the comment. `akismet-guaranteed-spam` (or `viagra-test-123`) always gets `true`.',
    ),
    comment_author_email: text(
      320,
      'E-mail address submitted with the comment. `akismet-guaranteed-spam@example.com` always gets `true`.',
    ),
    comment_author_url: text(2000, 'URL submitted with the comment.'),
    comment_content: text(maxContentChars, 'The content that was submitted.'),
    comment_date_gmt: text(100, 'When the comment was written, ISO 8601 UTC.'),
    comment_post_modified_gmt: text(100, 'When the post was published or last changed, ISO 8601 UTC.'),
    blog_lang: text(100, 'Languages of the site, ISO 639-1, comma-separated (e.g. "en, fr_ca").'),
    blog_charset: text(50, 'Character encoding of the form values, e.g. UTF-8.'),
    user_role: text(
      100,
      'Roles of the submitter, comma-separated; with `administrator` the answer is always `false`.',
    ),
    is_test: text(10, '`true` or `1` for a test: a test submission never teaches the classifier.'),
    recheck_reason: text(100, 'Why the comment is checked again; accepted and ignored.'),
    honeypot_field_name: text(100, 'The name of a hidden form field; its value is sent under that name.'),
    guid: text(
      100,
      'On submit-spam and submit-ham: the X-akismet-guid of the comment-check, which ties the submission to it.',
    ),
  });
}

export type AkismetCommentForm = z.infer<ReturnType<typeof createAkismetCommentSchema>>;

/** Whether a form's is_test says "test": anything but absent, empty, 0, false, no or off. */
export function isTestForm(form: Pick<AkismetCommentForm, 'is_test'>): boolean {
  return form.is_test !== undefined && !/^\s*(0|false|no|off)?\s*$/i.test(form.is_test);
}

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
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : '';
  const present = value !== undefined && value !== '';
  return {
    problem: present ? `Invalid field: ${field} (${issue.message}).` : `Missing required field: ${field}.`,
  };
}
