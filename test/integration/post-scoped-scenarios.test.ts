import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 23 item 2 end to end: the posts of a connected account through GET /social-accounts/{id}/media (the
 * simulated Graph API's media edge), and scenarios scoped to posts picked by the MatchScenario step of the workflow,
 * from signed webhooks to the private replies at the fake Graph API.
 */
const IG = '17841400000000001';
const PAGE = '4040';
const POST_A = '17900000000000001';
const POST_B = '17900000000000002';
const LIVE = '17900000000000099';
const HOUR = 3600_000;

let fake: FakeMetaGraph;
let stage: TestStage;
let owner: Awaited<ReturnType<typeof signupWithWorkspace>>;
let stranger: Awaited<ReturnType<typeof signupWithWorkspace>>;
let accountId: string;
const auth = () => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  fake.addPage({ id: PAGE, name: 'Atelier Page', instagram: { id: IG, username: 'atelier.paris' } });
  // Published before any scenario exists (relative to the wall clock the stage also reads).
  fake.addMedia(IG, {
    id: POST_A,
    caption: 'Collection hiver',
    timestamp: new Date(Date.now() - 48 * HOUR).toISOString(),
  });
  fake.addMedia(IG, {
    id: POST_B,
    caption: 'Atelier reel',
    mediaType: 'VIDEO',
    mediaProductType: 'REELS',
    timestamp: new Date(Date.now() - 24 * HOUR).toISOString(),
  });
  fake.addMedia(IG, {
    id: LIVE,
    mediaType: 'VIDEO',
    live: true,
    timestamp: new Date(Date.now() - HOUR).toISOString(),
  });
  stage = await startTestStage({ env: fake.env('verify-me') });
  owner = await signupWithWorkspace(stage.api, 'atelier');
  stranger = await signupWithWorkspace(stage.api, 'stranger');
  await connectMeta(stage, owner);
  const accounts = await stage.api.get('/social-accounts', auth());
  accountId = accounts.body.items.find((a: { platform: string }) => a.platform === 'instagram').id;
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

async function createScenario(body: Record<string, unknown>) {
  const response = await stage.api.post('/scenarios', { action: 'private_reply', ...body }, auth());
  expect(response.status, response.text).toBe(201);
  return response.body;
}

/**
 * A person comments (the fake Graph learns the comment) and Meta calls our webhook, signed; returns the private
 * replies the fake Graph received for that comment (the Send API's recipient is the comment).
 */
async function personComments(id: string, mediaId: string, text: string, live = false) {
  fake.addComment({ id, mediaId, text, from: { id: `igsid-${id}`, username: `u${id}` } });
  const payload = metaWebhook.instagramComment(IG, { id, from: `igsid-${id}`, text, mediaId, live });
  const signed = signedMetaWebhook(payload, fake.appSecret);
  const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
    rawBody: signed.body,
    headers: signed.headers,
  });
  expect(response.status).toBe(200);
  await localWorkflow().idle();
  return fake.state.sent.filter((s) => s.kind === 'private_reply' && s.recipient === id);
}

describe('Route: GET /social-accounts/{id}/media', () => {
  it('lists the recent posts newest first with caption, type, thumbnail and permalink, page by page', async () => {
    const first = await stage.api.get(`/social-accounts/${accountId}/media?limit=1`, auth());
    expect(first.status, first.text).toBe(200);
    expect(first.body.items).toEqual([
      {
        id: POST_B,
        caption: 'Atelier reel',
        mediaType: 'VIDEO',
        mediaProductType: 'REELS',
        mediaUrl: expect.stringMatching(/^https:\/\//),
        thumbnailUrl: expect.stringMatching(/^https:\/\//),
        permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//),
        timestamp: expect.any(String),
      },
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await stage.api.get(
      `/social-accounts/${accountId}/media?limit=1&cursor=${first.body.nextCursor}`,
      auth(),
    );
    // The live video is not a post: Graph lists it under live_media while it is broadcast.
    expect(second.body).toMatchObject({ items: [{ id: POST_A, mediaType: 'IMAGE' }], nextCursor: null });
    // An image's thumbnail is the image itself (Graph gives thumbnail_url for videos only).
    expect(second.body.items[0].thumbnailUrl).toBe(second.body.items[0].mediaUrl);
    const call = fake.state.requests.findLast((r) => r.path === `/${IG}/media`);
    expect(call?.query.fields).toBe(
      'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp',
    );
    expect(call?.authorization).toMatch(/^Bearer /);
  });

  it('is a 404 for another workspace and a 400 naming the field for a bad limit or cursor', async () => {
    const foreign = await stage.api.get(`/social-accounts/${accountId}/media`, {
      token: stranger.accessToken,
      workspaceId: stranger.workspaceId,
    });
    expect(foreign.status).toBe(404);
    const tooMany = await stage.api.get(`/social-accounts/${accountId}/media?limit=500`, auth());
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('limit');
    const forged = await stage.api.get(`/social-accounts/${accountId}/media?cursor=bm90LWEtY3Vyc29y`, auth());
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].path).toBe('cursor');
    const unknown = await stage.api.get('/social-accounts/nope/media', auth());
    expect(unknown.status).toBe(404);
  });
});

describe('Workflow: post-scoped scenarios (signed webhooks, simulated Meta)', () => {
  it('refuses impossible scopes with a 400 naming the field', async () => {
    const both = await stage.api.post(
      '/scenarios',
      { name: 'x', action: 'private_reply', trigger: 'comment', mediaIds: [POST_A], nextPost: true },
      auth(),
    );
    expect(both.status).toBe(400);
    expect(both.body.error.details.map((d: { path: string }) => d.path)).toContain('nextPost');
    const onDms = await stage.api.post(
      '/scenarios',
      { name: 'x', action: 'reply', trigger: 'dm', mediaIds: [POST_A] },
      auth(),
    );
    expect(onDms.status).toBe(400);
    expect(onDms.body.error.details.map((d: { path: string }) => d.path)).toContain('mediaIds');
    const notAnId = await stage.api.post(
      '/scenarios',
      { name: 'x', action: 'private_reply', mediaIds: ['https://instagram.com/p/x'] },
      auth(),
    );
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.error.details[0].path).toBe('mediaIds.0');
  });

  it('answers a comment on post A with the post-A scenario and a comment on post B with the general one', async () => {
    await createScenario({ name: 'Général', trigger: 'comment', message: 'Réponse générale', priority: 100 });
    const postA = await createScenario({
      name: 'Post A',
      trigger: 'comment',
      mediaIds: [POST_A],
      message: 'Réponse du post A',
      priority: 10,
    });
    expect(postA).toMatchObject({ mediaIds: [POST_A], nextPost: null, liveComments: 'exclude' });

    const onA = await personComments('c-a-1', POST_A, 'Prix ?');
    const onB = await personComments('c-b-1', POST_B, 'Prix ?');

    expect(onA.map((s) => s.text)).toEqual(['Réponse du post A']);
    expect(onB.map((s) => s.text)).toEqual(['Réponse générale']);
  });

  it('keeps live comments apart: the general scenario ignores them, a live scenario answers them', async () => {
    const ignored = await personComments('c-live-1', LIVE, 'Bonjour du live', true);
    expect(ignored).toEqual([]);
    await createScenario({
      name: 'Live',
      trigger: 'comment',
      liveComments: 'only',
      message: 'Merci d’être au live',
      priority: 20,
    });
    const answered = await personComments('c-live-2', LIVE, 'Bonjour du live', true);
    expect(answered.map((s) => s.text)).toEqual(['Merci d’être au live']);
  });

  it('resolves "the next post" to the first post published after saving, even when a later one is commented first', async () => {
    const next = await createScenario({
      name: 'Prochain post',
      trigger: 'comment',
      nextPost: true,
      message: 'Réponse du prochain post',
      priority: 5,
    });
    expect(next.nextPost).toEqual({ after: next.createdAt, mediaId: null });
    const after = Date.parse(next.createdAt);
    const POST_C = '17900000000000003';
    const POST_D = '17900000000000004';
    fake.addMedia(IG, { id: POST_C, timestamp: new Date(after + 1000).toISOString() });
    fake.addMedia(IG, { id: POST_D, timestamp: new Date(after + 2000).toISOString() });

    // A post from before the scenario is never the next one.
    expect((await personComments('c-a-2', POST_A, 'Prix ?')).map((s) => s.text)).toEqual([
      'Réponse du post A',
    ]);
    // D is commented first, but C was published first: C is the next post, D goes to the general scenario.
    expect((await personComments('c-d-1', POST_D, 'Prix ?')).map((s) => s.text)).toEqual([
      'Réponse générale',
    ]);
    expect((await personComments('c-c-1', POST_C, 'Prix ?')).map((s) => s.text)).toEqual([
      'Réponse du prochain post',
    ]);

    const stored = await stage.api.get(`/scenarios/${next.id}`, auth());
    expect(stored.body.nextPost).toEqual({ after: next.createdAt, mediaId: POST_C });
    // Switching it on again keeps the resolved post; off clears it.
    const again = await stage.api.patch(`/scenarios/${next.id}`, { nextPost: true }, auth());
    expect(again.body.nextPost).toEqual({ after: next.createdAt, mediaId: POST_C });
    const off = await stage.api.patch(`/scenarios/${next.id}`, { nextPost: false }, auth());
    expect(off.body.nextPost).toBeNull();
  });
});
