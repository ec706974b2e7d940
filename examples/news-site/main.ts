import { createExampleApp } from './app';

/**
 * Composition root of the example news site: reads its settings from the environment and listens.
 * SITE_API_KEY and SITE_WEBHOOK_SECRET are what POST /v1/sites answered (shown once).
 */
function main(): void {
  const env = process.env;
  const missing = ['SITE_API_KEY', 'SITE_WEBHOOK_SECRET'].filter((key) => !env[key]);
  if (missing.length > 0) {
    console.error(`missing configuration: ${missing.join(', ')} (see examples/news-site/README.md)`);
    process.exit(1);
  }
  const moderationUrl = env.MODERATION_URL ?? 'http://127.0.0.1:3000';
  const port = Number(env.PORT ?? 4000);
  const host = env.HOST ?? '127.0.0.1';
  const { app } = createExampleApp({
    moderationUrl,
    apiKey: env.SITE_API_KEY!,
    webhookSecret: env.SITE_WEBHOOK_SECRET!,
    log: (message, fields) =>
      console.log(JSON.stringify({ time: new Date().toISOString(), message, ...fields })),
  });
  const server = app.listen(port, host, (error?: Error) => {
    if (error) {
      console.error(`cannot listen on ${host}:${port}: ${error.message}`);
      process.exit(1);
    }
    console.log(`news site on http://${host}:${port}/ (moderation service: ${moderationUrl})`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref(); // a request still running gets 5 s
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
