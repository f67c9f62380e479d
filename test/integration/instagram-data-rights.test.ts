import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SocialAccount } from '../../shared/services/social/ports';
import { socialAccountStore } from '../../shared/wiring/social-accounts';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectWithInstagramLogin } from '../support/meta';
import { signedRequest } from '../support/signed-request';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * The Instagram app's own callbacks (Instagram > API setup with Instagram login > Business login settings:
 * Deauthorize callback URL, Data deletion request URL), posted by the simulated Meta as Meta does
 * (`signed_request` signed with the Instagram app secret), against accounts connected through the real
 * Instagram Login flow.
 */
let fake: FakeMetaGraph;
let stage: TestStage;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  stage = await startTestStage({ env: fake.env() });
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
const auth = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });
const accountsOf = async (owner: Owner): Promise<SocialAccount[]> =>
  (await stage.api.get('/social-accounts', auth(owner))).body.items;
const url = (path: string) => `${stage.url}${path}`;

let creators = 0;
/** A workspace with one creator connected through the Instagram Login. */
async function connectedCreator(name: string) {
  creators += 1;
  const ig = { id: `1784160000000${String(creators).padStart(4, '0')}`, username: `${name}_ig` };
  const owner = await signupWithWorkspace(stage.api, name);
  fake.addInstagramAccount(ig);
  await connectWithInstagramLogin(stage, owner);
  expect(await accountsOf(owner)).toHaveLength(1);
  return { owner, ig };
}

function postForm(path: string, form: Record<string, string>) {
  return fetch(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

describe('Routes: Instagram app deauthorize and data deletion callbacks', () => {
  it('deauthorize removes the Instagram Login account and its tokens, and only that one', async () => {
    // Prepare
    const { owner, ig } = await connectedCreator('alba');
    const other = await connectedCreator('bruno');
    // Act: Meta names the person by the Instagram-scoped id the code exchange returned
    const answer = await fake.postAppCallback(url('/social-accounts/instagram/deauthorize'), {
      app: 'instagram',
      userId: fake.instagramScopedId(ig.id),
    });
    // Assess
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ accountsDisconnected: 1 });
    expect(await accountsOf(owner)).toEqual([]);
    // The account item held the sealed token: it is gone, and so is the claim (nothing routes to it any more).
    expect(await socialAccountStore().get(owner.workspaceId, `instagram-${ig.id}`)).toBeUndefined();
    expect(await socialAccountStore().ownerOf('instagram', ig.id)).toBeUndefined();
    const untouched = await accountsOf(other.owner);
    expect(untouched).toHaveLength(1);
    expect(untouched[0]).toMatchObject({ externalId: other.ig.id, status: 'active' });
    const audit = await stage.api.get('/audit', auth(owner));
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'account.disconnected',
        actor: { type: 'meta', id: fake.instagramScopedId(ig.id) },
      }),
    );
  });

  it('data deletion erases the account, answers { url, confirmation_code } and shows the status page; a retry changes nothing', async () => {
    // Prepare
    const { owner, ig } = await connectedCreator('chloe');
    const other = await connectedCreator('dario');
    const callback = { app: 'instagram' as const, userId: ig.id, issuedAt: 1_790_000_200 };
    // Act: here Meta names the professional account's IG ID (the docs do not say which id): found by its claim
    const answer = await fake.postAppCallback(url('/social-accounts/instagram/data-deletion'), callback);
    // Assess
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { url: string; confirmation_code: string };
    expect(body.confirmation_code).toMatch(/^[a-f0-9]{20}$/);
    expect(body.url).toBe(`${stage.url}/data-deletion/${body.confirmation_code}`);
    expect(await accountsOf(owner)).toEqual([]);
    expect(await accountsOf(other.owner)).toHaveLength(1);
    const status = await stage.api.get(`/data-deletion/${body.confirmation_code}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      code: body.confirmation_code,
      status: 'completed',
      accountsDisconnected: 1,
    });

    // Act: Meta retries the very same request
    const replay = await fake.postAppCallback(url('/social-accounts/instagram/data-deletion'), callback);
    // Assess: same code, nothing more erased, the record keeps what was done
    expect(((await replay.json()) as { confirmation_code: string }).confirmation_code).toBe(
      body.confirmation_code,
    );
    expect((await stage.api.get(`/data-deletion/${body.confirmation_code}`)).body.accountsDisconnected).toBe(
      1,
    );
    expect(await accountsOf(other.owner)).toHaveLength(1);
  });

  it('refuses a forged signed_request, one signed with the Meta app secret, and the Instagram secret on the Facebook URL', async () => {
    // Prepare
    const { owner, ig } = await connectedCreator('elio');
    const payload = { algorithm: 'HMAC-SHA256', issued_at: 1_790_000_300, user_id: ig.id };
    const scoped = { ...payload, user_id: fake.instagramScopedId(ig.id) };
    // Act
    const forged = await postForm('/social-accounts/instagram/data-deletion', {
      signed_request: signedRequest(payload, 'attacker-secret'),
    });
    const otherApp = await postForm('/social-accounts/instagram/deauthorize', {
      signed_request: signedRequest(scoped, fake.appSecret),
    });
    const wrongUrl = await postForm('/social-accounts/meta/deauthorize', {
      signed_request: signedRequest(scoped, fake.instagramAppSecret),
    });
    const badAlgorithm = await postForm('/social-accounts/instagram/deauthorize', {
      signed_request: signedRequest({ ...scoped, algorithm: 'HMAC-SHA1' }, fake.instagramAppSecret),
    });
    const missing = await postForm('/social-accounts/instagram/deauthorize', {});
    // Assess
    for (const refused of [forged, otherApp, wrongUrl, badAlgorithm]) {
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect(missing.status).toBe(400);
    const still = await accountsOf(owner);
    expect(still).toHaveLength(1);
    expect(still[0]).toMatchObject({ externalId: ig.id, status: 'active' });
  });
});
