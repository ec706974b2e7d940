import path from 'node:path';
import express, { Router } from 'express';
import { AppError } from '../errors';
import { projectRoot } from '../project-root';

/**
 * Where `npm run build` puts the dashboard: dist/dashboard beside the compiled code, found from the
 * project root (the nearest folder with a package.json), so it is the same from src/ under ts-jest
 * and from dist/ in production.
 */
export function defaultDashboardDir(from = __dirname): string {
  return path.join(projectRoot(from), 'dist', 'dashboard');
}

/** The moderators' dashboard: static files at /dashboard, revalidated on every load so a deploy shows at once. */
export function createDashboardRouter(dir = defaultDashboardDir()): Router {
  const router = Router();
  router.use(
    '/dashboard',
    express.static(dir, {
      index: 'index.html',
      redirect: true,
      fallthrough: true,
      setHeaders: (res) => res.set('cache-control', 'no-cache'),
    }),
  );
  router.get(['/dashboard', '/dashboard/'], () => {
    throw new AppError('not_found', 404, 'Not found', 'The dashboard is not built: run npm run build.');
  });
  return router;
}
