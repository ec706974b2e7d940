import request from 'supertest';
import { createTestApp, createTestEnv, type TestApp, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { bearer, countRows } from '../helpers/problems';
import { AKISMET_HOST, BLOG, CLEAN, postForm, reader } from '../helpers/akismet-forms';

/**
 * What a site's submit-spam and submit-ham do with Akismet's X-akismet-guid and is_test: a guid ties
 * the submission to its check; a test never teaches.
 */
let env: TestEnv;
let t: TestApp;
let site: Awaited<ReturnType<typeof createSiteViaApi>>;
let otherSite: Awaited<ReturnType<typeof createSiteViaApi>>;

beforeAll(async () => {
  env = await createTestEnv();
  t = createTestApp(env);
  await t.ready;
  site = await createSiteViaApi(t.app, { name: 'Daily News' });
  otherSite = await createSiteViaApi(t.app, { name: 'Other News' });
});
afterAll(async () => {
  await t.close();
  await env.cleanup();
});

const post = (path: string, host: string, fields: Record<string, string>) =>
  postForm(t.app, path, host, fields);

describe('X-akismet-guid ties a submission to its check', () => {
  const check = (fields: Record<string, string>) =>
    post('/1.1/comment-check', AKISMET_HOST, { api_key: site.apiKey, blog: BLOG, ...reader, ...fields });
  const checkRow = async (guid: string) =>
    (
      await env.pool.query(
        'SELECT site_id, spam, action, is_test, submitted_as FROM akismet_checks WHERE guid = $1',
        [guid],
      )
    ).rows[0];

  it('every comment-check answer carries a guid naming the recorded check, without its text', async () => {
    const res = await check({ comment_content: CLEAN });
    const guid = res.headers['x-akismet-guid'] as string;
    expect(guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await checkRow(guid)).toEqual({
      site_id: site.id,
      spam: false,
      action: 'approve',
      is_test: false,
      submitted_as: null,
    });
    const again = await check({ comment_content: CLEAN });
    expect(again.headers['x-akismet-guid']).not.toBe(guid);
  });

  it('when submit-spam sends the guid, the check records it and the lesson is keyed by the check', async () => {
    const content = 'plumbrite vortigan offers, the finest glimmerdust for you';
    const checked = await check({ comment_content: content });
    const guid = checked.headers['x-akismet-guid'] as string;
    const thanks = await post('/1.1/submit-spam', AKISMET_HOST, {
      api_key: site.apiKey,
      blog: BLOG,
      ...reader,
      comment_content: content,
      guid,
    });
    expect(thanks.text).toBe('Thanks for making the web a better place.');
    expect(await checkRow(guid)).toMatchObject({ spam: false, submitted_as: 'spam' });
    expect(
      await countRows(env.pool, 'classifier_examples', 'scope = $1 AND key = $2 AND label = $3', [
        site.id,
        `akismet:${guid}`,
        'spam',
      ]),
    ).toBe(1);

    // A later submit-ham for the same check relabels that one example: nothing is learned twice.
    await post('/1.1/submit-ham', AKISMET_HOST, {
      api_key: site.apiKey,
      blog: BLOG,
      ...reader,
      comment_content: content,
      guid,
    });
    expect(await checkRow(guid)).toMatchObject({ submitted_as: 'ham' });
    const { rows } = await env.pool.query(
      'SELECT label FROM classifier_examples WHERE scope = $1 AND key = $2',
      [site.id, `akismet:${guid}`],
    );
    expect(rows).toEqual([{ label: 'ham' }]);
  });

  it("when the guid is another site's, or not ours, it is ignored and the text is learned as such", async () => {
    const content = 'quintessa zorblax deals for every reader today';
    const theirs = await post('/1.1/comment-check', AKISMET_HOST, {
      api_key: otherSite.apiKey,
      blog: BLOG,
      ...reader,
      comment_content: content,
    });
    const guid = theirs.headers['x-akismet-guid'] as string;
    for (const given of [guid, 'not-a-guid']) {
      const res = await post('/1.1/submit-spam', AKISMET_HOST, {
        api_key: site.apiKey,
        blog: BLOG,
        ...reader,
        comment_content: content,
        guid: given,
      });
      expect(res.text).toBe('Thanks for making the web a better place.');
    }
    expect(await checkRow(guid)).toMatchObject({ site_id: otherSite.id, submitted_as: null });
    expect(
      await countRows(env.pool, 'classifier_examples', "scope = $1 AND key LIKE 'akismet:%' AND key = $2", [
        site.id,
        `akismet:${guid}`,
      ]),
    ).toBe(0);
    expect(
      await countRows(env.pool, 'classifier_examples', "scope = $1 AND key LIKE 'text:%'", [site.id]),
    ).toBe(1);
  });
});

describe('is_test', () => {
  it.each([['true'], ['1']])(
    'when is_test is %s, submit-spam thanks and teaches nothing, not even a stored comment',
    async (isTest) => {
      const content = `A test comment the site also stored (${isTest})`;
      const posted = await request(t.app)
        .post('/v1/comments')
        .set('authorization', bearer(site.apiKey))
        .send({
          id: `ak-test-${isTest}`,
          content,
        });
      expect(posted.status).toBe(202);
      const examples = await countRows(env.pool, 'classifier_examples');
      const checked = await post('/1.1/comment-check', AKISMET_HOST, {
        api_key: site.apiKey,
        blog: BLOG,
        ...reader,
        comment_content: content,
        is_test: isTest,
      });
      const res = await post('/1.1/submit-spam', AKISMET_HOST, {
        api_key: site.apiKey,
        blog: BLOG,
        ...reader,
        comment_content: content,
        is_test: isTest,
        guid: checked.headers['x-akismet-guid'] as string,
      });
      expect(res.text).toBe('Thanks for making the web a better place.');
      expect(await countRows(env.pool, 'classifier_examples')).toBe(examples);
      expect(await countRows(env.pool, 'decisions', 'comment_id = $1', [posted.body.id])).toBe(0);
      expect(
        await countRows(env.pool, 'akismet_checks', 'is_test AND submitted_as IS NULL AND guid = $1', [
          checked.headers['x-akismet-guid'],
        ]),
      ).toBe(1);
    },
  );

  it('when is_test is false or 0, a submission teaches as usual', async () => {
    const before = await countRows(env.pool, 'classifier_examples', "scope = $1 AND key LIKE 'text:%'", [
      site.id,
    ]);
    await post('/1.1/submit-ham', AKISMET_HOST, {
      api_key: site.apiKey,
      blog: BLOG,
      ...reader,
      comment_content: 'The library opens late on Thursdays',
      is_test: '0',
    });
    expect(
      await countRows(env.pool, 'classifier_examples', "scope = $1 AND key LIKE 'text:%'", [site.id]),
    ).toBe(before + 1);
  });
});
