import path from 'node:path';
import { Router, type Response } from 'express';
import { createOpenApiDocument } from './openapi';

/**
 * No inline script or style, nothing from elsewhere: the page runs only the files below, and
 * Swagger UI sets styles through the DOM, which style-src does not govern.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Relative links, so the page also works when a proxy serves the api under a path prefix.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Comment moderation API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<noscript>This page needs JavaScript; the API is described in <a href="openapi.json">openapi.json</a>.</noscript>
<div id="docs"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/docs.js"></script>
</body>
</html>
`;

const INIT = `"use strict";
window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#docs",
  deepLinking: true,
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
});
`;

/** Swagger UI's files, served from the installed package, never from a CDN; and the page's own script. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
const ASSETS = new Map<string, { file: string } | { type: string; body: string }>([
  ['swagger-ui.css', { file: path.join(SWAGGER_UI_DIR, 'swagger-ui.css') }],
  ['swagger-ui-bundle.js', { file: path.join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js') }],
  ['favicon-32x32.png', { file: path.join(SWAGGER_UI_DIR, 'favicon-32x32.png') }],
  ['docs.js', { type: 'application/javascript', body: INIT }],
]);

const strict = (res: Response) =>
  res.set({ 'content-security-policy': DOCS_CSP, 'x-content-type-options': 'nosniff' });

/** GET /openapi.json and the docs page at GET /docs that renders it. */
export function createOpenApiRouter(limits: { maxContentChars: number; maxBatch: number }): Router {
  const router = Router();
  // Built once: the document depends only on the configuration.
  const document = JSON.stringify(createOpenApiDocument(limits));

  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').set('cache-control', 'no-cache').send(document);
  });
  router.get('/docs', (_req, res) => {
    strict(res).type('html').send(PAGE);
  });
  router.get('/docs/:asset', (req, res, next) => {
    const asset = ASSETS.get(req.params.asset);
    if (!asset) return next();
    strict(res);
    if ('file' in asset) res.sendFile(asset.file, { maxAge: '1d' });
    else res.type(asset.type).send(asset.body);
  });
  return router;
}
