import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api';

/*
 * A typed client of the service, generated from its OpenAPI document: api.d.ts comes from
 * openapi.json by openapi-typescript (`npm run openapi`), and openapi-fetch turns it into calls whose
 * paths, parameters, bodies and answers the compiler checks. Nothing here is written by hand but
 * the credentials.
 */

export type Comment = components['schemas']['Comment'];
export type Problem = components['schemas']['Problem'];
export type CommentSubmission = components['schemas']['CommentSubmission'];

/** Sends `Authorization: Bearer <token>` with every request. */
function bearer(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
}

/** A client with a site's API key: intake, verdicts, feedback. */
export function createSiteClient(baseUrl: string, apiKey: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(bearer(apiKey));
  return client;
}

/** A client with ADMIN_TOKEN or an admin moderator's token: sites, keys, deliveries, moderators. */
export function createAdminClient(baseUrl: string, token: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(bearer(token));
  return client;
}

/** Submits a comment and waits up to `waitSeconds` for its verdict (Prefer: wait); the comment either way. */
export async function moderate(
  client: ReturnType<typeof createSiteClient>,
  comment: CommentSubmission,
  waitSeconds = 5,
): Promise<Comment> {
  const { data, error, response } = await client.POST('/v1/comments', {
    body: comment,
    params: { header: { Prefer: `wait=${waitSeconds}` } },
  });
  if (error) throw new Error(`${response.status} ${error.code}: ${error.detail ?? error.title}`);
  return data;
}
