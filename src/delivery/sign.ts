import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one attempt: `webhook-signature` holds one `v1,<base64>` per
 * secret, space-separated, so during a secret rotation's grace period a site that still knows only
 * the old secret and one that already has the new one both verify.
 */
export function signedHeaders(options: {
  webhookId: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): Record<string, string> {
  const signatures = options.secrets.map((secret) =>
    new Webhook(secret).sign(options.webhookId, options.timestamp, options.body),
  );
  return {
    'content-type': 'application/json',
    'webhook-id': options.webhookId,
    'webhook-timestamp': String(Math.floor(options.timestamp.getTime() / 1_000)),
    'webhook-signature': signatures.join(' '),
  };
}
