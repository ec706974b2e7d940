import request from 'supertest';
import type { Express } from 'express';
import { createSiteViaApi } from './fixtures';
import { bearer } from './problems';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/**
 * Sites whose callbacks go to their own receiver on 127.0.0.1, and the comments they submit, for
 * the delivery tests. `app` is read at each call, as test files create theirs in beforeAll.
 */
export function createCallbackSites(app: () => Express) {
  const receivers: WebhookReceiver[] = [];
  return {
    /** A site whose callback goes to a fresh receiver (unless `more` names another callbackUrl). */
    async siteWithReceiver(
      name: string,
      more: { callbackUrl?: string; policy?: Record<string, unknown> } = {},
    ) {
      const receiver = await startWebhookReceiver();
      receivers.push(receiver);
      const site = await createSiteViaApi(app(), { name, callbackUrl: receiver.url, ...more });
      return { site, receiver };
    },

    /** Submits a calm comment as the site; returns its id. */
    async submit(apiKey: string, externalId: string): Promise<string> {
      const res = await request(app())
        .post('/v1/comments')
        .set('authorization', bearer(apiKey))
        .send({ id: externalId, content: 'A calm and friendly remark about the weather.' });
      if (res.status !== 202) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },

    /** Stops every receiver. */
    close: () => Promise.all(receivers.map((receiver) => receiver.close())),
  };
}
