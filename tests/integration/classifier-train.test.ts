import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainFile } from '../../src/cli/train';
import { loadClassifierStats } from '../../src/learning/pg-learning';
import { classifierCheck, tokenize } from '../../src/moderation/classifier';
import { LABEL_TAB_TEXT, YOUTUBE_CSV } from '../../src/labeled-file';
import { createTestEnv, type TestEnv } from '../helpers/test-env';

let env: TestEnv;
let dir: string;
beforeAll(async () => {
  env = await createTestEnv();
  dir = await mkdtemp(join(tmpdir(), 'train-'));
});
afterAll(async () => {
  await env.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const spam = [
  'Check out my channel and subscribe!',
  'Subscribe to my channel for free codes',
  'Free PSN codes at freecodes.com',
  'Please subscribe, check out my videos',
  'Get free gift cards at http://gifts.example.net',
  'Check out my channel and subscribe!',
];
const ham = [
  'This song reminds me of summer',
  'The ending of the movie was so sad',
  'Great performance by the drummer',
  'I listened to this song all week',
  'The movie was better than the book',
];
const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

describe('training from a labeled file', () => {
  it('learns each distinct text once, and training the file again changes nothing', async () => {
    const site = randomUUID();
    const path = join(dir, 'comments.csv');
    const rows: Array<[string, number]> = [
      ...spam.map((text) => [text, 1] as [string, number]),
      ...ham.map((text) => [text, 0] as [string, number]),
    ];
    await writeFile(
      path,
      `"COMMENT_ID","CONTENT","TAG"\n${rows.map(([text, tag], i) => `"c${i}",${csvCell(text)},${tag}`).join('\n')}\n`,
    );

    const first = await trainFile(env.pool, { path, siteId: site, options: YOUTUBE_CSV });
    expect(first).toEqual({
      rows: 11,
      spam: 6,
      ham: 5,
      learned: 10,
      relabeled: 0,
      unchanged: 0,
      duplicates: 1,
    });
    const again = await trainFile(env.pool, { path, siteId: site, options: YOUTUBE_CSV });
    expect(again).toMatchObject({ learned: 0, relabeled: 0, unchanged: 10 });

    const content = 'Hey, check out my channel and subscribe for free codes';
    const stats = await loadClassifierStats(env.pool, site, tokenize(content));
    expect(stats.site).toMatchObject({ spamDocs: 5, hamDocs: 5 });
    const [signal] = classifierCheck(
      { content, author: {}, receivedAt: '2026-01-01T00:00:00Z' },
      { classifier: stats },
    );
    expect(signal).toMatchObject({ check: 'classifier', code: 'bayes_spam' });
  });

  it('relabels a text whose label changed in a later file', async () => {
    const site = randomUUID();
    const path = join(dir, 'sms.tsv');
    await writeFile(path, 'spam\tWin a prize now\nham\tSee you at lunch\n');
    await trainFile(env.pool, { path, siteId: site, options: LABEL_TAB_TEXT });
    await writeFile(path, 'ham\tWin a prize now\n');
    expect(await trainFile(env.pool, { path, siteId: site, options: LABEL_TAB_TEXT })).toMatchObject({
      relabeled: 1,
    });
    const stats = await loadClassifierStats(env.pool, site, ['prize']);
    expect(stats.site).toEqual({
      spamDocs: 0,
      hamDocs: 2,
      tokens: new Map([['prize', { spam: 0, ham: 1 }]]),
    });
  });
});
