import { Router } from 'express';
import { ValidationError } from '../errors';
import type { Auth } from '../http/auth';
import { createPager } from '../http/pager';
import { uuidParam } from '../http/params';
import { inputFrom, parseOr400 } from '../http/validate';
import {
  policyPreviewSchema,
  previewPosition,
  type PolicyPreview,
  type PreviewPosition,
} from './policy-preview';

const byReplay = createPager(previewPosition, (position: PreviewPosition) => position);

/** The body's cursor; the pager names the query's, so a bad one is reported where it was sent. */
function cursorOf(cursor: string | undefined): PreviewPosition | null {
  try {
    return byReplay.after(cursor);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError([{ path: 'body.cursor', message: 'is not a cursor this API issued' }]);
  }
}

/** Admin route: back-test a draft policy on a site's stored comments, one page at a time. */
export function createPolicyPreviewRouter(deps: { auth: Auth; preview: PolicyPreview }): Router {
  const router = Router();
  router.post('/v1/sites/:id/policy/preview', deps.auth.admin, async (req, res) => {
    const id = uuidParam(req, 'id', 'Site');
    const { cursor, ...input } = parseOr400(policyPreviewSchema, req.body ?? {});
    const after = cursorOf(cursor);
    const { next, ...page } = await inputFrom('body', deps.preview.preview(id, { ...input, after }));
    res.json({ ...page, nextCursor: byReplay.page(next ? [next] : [], 1).nextCursor });
  });
  return router;
}
