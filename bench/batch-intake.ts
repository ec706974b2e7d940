import { commentText } from '../src/loadtest/comments';
import { freePort, startNode, waitForHttp } from './processes';
import { createScratch } from './scratch';

/** Batch intake: comments per second through POST /v1/comments/batch (validation, one transaction, one addBulk). */
export interface BatchIntakeFigures {
  batchSize: number;
  clients: number;
  durationS: number;
  comments: number;
  commentsPerSecond: number;
  failed: number;
}

function batchBody(run: number, batch: number, size: number): string {
  const comments = Array.from({ length: size }, (_, i) => ({
    id: `batch-${run}-${batch}-${i}`,
    content: commentText(batch * size + i, 150),
  }));
  return JSON.stringify({ comments });
}

/**
 * `clients` loops post batches of `batchSize` back to back for `durationS` seconds against the real
 * api process (no worker, so the figure is intake alone), on 127.0.0.1 only.
 */
export async function benchBatchIntake(
  durationS: number,
  batchSize = 500,
  clients = 4,
): Promise<BatchIntakeFigures> {
  const scratch = await createScratch('batch');
  const port = await freePort();
  const api = startNode('api', 'src/processes/api.js', { env: scratch.serviceEnv({ PORT: String(port) }) });
  try {
    const url = `http://127.0.0.1:${port}/v1/comments/batch`;
    await waitForHttp(api, `http://127.0.0.1:${port}/healthz`);
    let comments = 0;
    let failed = 0;
    let batch = 0;
    const started = performance.now();
    const deadline = started + durationS * 1000;
    const loop = async (client: number) => {
      while (performance.now() < deadline) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${scratch.apiKey}` },
          body: batchBody(client, batch++, batchSize),
        });
        await res.arrayBuffer();
        if (res.status === 202) comments += batchSize;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
    const elapsedS = (performance.now() - started) / 1000;
    return { batchSize, clients, durationS, comments, commentsPerSecond: comments / elapsedS, failed };
  } finally {
    await api.stop();
  }
}
