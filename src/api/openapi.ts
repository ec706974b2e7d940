import { createAkismetCommentSchema, verifyKeyFormSchema } from '../akismet/akismet-schema';
import { createCommentSchema } from '../intake/comment-schema';
import { feedbackSchema } from '../intake/feedback';
import { createEditSchema } from '../intake/edit-comment';
import { appealSchema } from '../intake/appeal-comment';
import { createBatchSchema } from '../intake/submit-batch';
import { decisionBody } from '../review/review-service';
import { createSiteSchema, rotateKeySchema, updateSiteSchema } from '../sites/sites-service';
import { SESSION_COOKIE } from '../http/session-cookie';
import { signInSchema } from '../sessions/sessions-service';
import { createModeratorSchema, updateModeratorSchema } from '../sites/moderators-service';
import { buildPaths, named } from './openapi-builder';
import { adminOperations } from './openapi-admin-paths';
import { reviewOperations } from './openapi-review-paths';
import { dashboardOperations } from './openapi-dashboard-paths';
import { undoBody } from '../review/my-decisions-service';
import { authorNoteBody } from '../review/author-notes-service';
import { responseSchemas } from './openapi-schemas';
import { reviewSchemas } from './openapi-review-schemas';
import { dashboardSchemas } from './openapi-dashboard-schemas';
import { workflowSchemas } from './openapi-workflow-schemas';
import { siteOperations } from './openapi-site-paths';
import { workflowOperations } from './openapi-workflow-paths';
import { authorActionSchema } from '../authors/author-actions-service';
import { policyPreviewSchema } from '../sites/policy-preview';

/** The document's tags, in the order the docs page shows them. */
const TAGS = {
  intake: 'Sites submit comments and read their verdicts (API key, or a Standard Webhooks signature).',
  akismet: "Akismet's API, form-encoded, for existing Akismet clients (the site's API key).",
  review: 'Moderators work the review queue, decide, claim items and read the audit log.',
  admin: 'Operators manage sites, keys, callback deliveries and moderators.',
  dashboard: "The moderators' dashboard and its session.",
  health: 'Liveness, readiness and Prometheus metrics.',
  docs: 'This document and its readable page.',
};

/**
 * The OpenAPI 3.1 document of the api. Request bodies and query strings are converted from the very
 * zod schemas the routes validate with, so the document cannot drift from what is accepted.
 */
export function createOpenApiDocument(limits: { maxContentChars: number; maxBatch: number }) {
  const comment = createCommentSchema(limits.maxContentChars);
  const requests = named('input', {
    CommentSubmission: comment,
    CommentBatch: createBatchSchema(comment, limits.maxBatch),
    CommentEdit: createEditSchema(comment),
    Feedback: feedbackSchema,
    Appeal: appealSchema,
    ReviewDecision: decisionBody,
    UndoDecision: undoBody,
    AuthorNoteCreate: authorNoteBody,
    AuthorAction: authorActionSchema,
    PolicyPreview: policyPreviewSchema,
    SiteCreate: createSiteSchema,
    SiteUpdate: updateSiteSchema,
    KeyRotation: rotateKeySchema,
    ModeratorCreate: createModeratorSchema,
    ModeratorUpdate: updateModeratorSchema,
    SignIn: signInSchema,
    AkismetVerifyKeyForm: verifyKeyFormSchema,
    AkismetCommentForm: createAkismetCommentSchema(limits.maxContentChars),
  });
  return {
    // No jsonSchemaDialect: 3.1's default, the OAS dialect of JSON Schema 2020-12, is what these
    // schemas are, and Swagger UI warns that it does not support any other value.
    openapi: '3.1.0',
    info: {
      title: 'Comment moderation',
      version: '1',
      description:
        'Intake of comments from sites, explainable verdicts, the review queue and the admin API. ' +
        'Errors are application/problem+json (RFC 9457); lists answer `{ items, nextCursor }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the document describes the service that serves it, wherever that is.
    servers: [{ url: '/', description: 'The service that serves this document.' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    // A route the app serves but these lists lack fails the OpenAPI test.
    paths: buildPaths([
      ...siteOperations(),
      ...reviewOperations(),
      ...dashboardOperations(),
      ...workflowOperations(),
      ...adminOperations(),
    ]),
    components: {
      schemas: {
        ...requests,
        ...named('output', { ...responseSchemas, ...reviewSchemas, ...dashboardSchemas, ...workflowSchemas }),
      },
      securitySchemes: {
        siteKey: { type: 'http', scheme: 'bearer', description: "The site's API key." },
        signedRequest: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description:
            "Standard Webhooks signature with the site's secret, with webhook-id and webhook-timestamp.",
        },
        moderatorToken: { type: 'http', scheme: 'bearer', description: 'A moderator token.' },
        dashboardSession: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: "The dashboard's session; changes also need its CSRF token in X-CSRF-Token.",
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'ADMIN_TOKEN or an admin moderator token.',
        },
      },
    },
  };
}
