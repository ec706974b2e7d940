import { createSiteClient, moderate } from './client';

/*
 * Submits one comment with the typed client and prints its verdict.
 *   BASE_URL=http://localhost:3000 API_KEY=sk-… node dist/examples/client/main.js "Nice article!"
 */
async function main(): Promise<void> {
  const baseUrl = process.env.BASE_URL ?? 'http://localhost:3000';
  const apiKey = process.env.API_KEY;
  if (!apiKey) throw new Error('set API_KEY to a site API key (POST /v1/sites shows it once)');
  const client = createSiteClient(baseUrl, apiKey);
  const content = process.argv.slice(2).join(' ') || 'Thanks for the clear explanation of the budget.';
  const comment = await moderate(client, { id: `example-${Date.now()}`, content });
  console.log(JSON.stringify({ status: comment.status, verdict: comment.verdict }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
