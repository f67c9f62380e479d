import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { signedRequest } from '../support/signed-request';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Meta's app-level callbacks over real HTTP: the form Meta posts (`signed_request=…`, see
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/), signed
 * with the app secret as Meta documents it, against accounts connected through the real Facebook Login flow.
 */
let fake: FakeMetaGraph;
let stage: TestStage;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  stage = await startTestStage({ env: fake.env() });
});
afterAll(async () => {
  await stage.stop();
  await fake.stop();
});

// The fake's debug_token names the consenting person 'fake-user-1' (its user_id), as Graph does for a user token.
const META_USER = 'fake-user-1';

function postForm(path: string, form: Record<string, string>) {
  return fetch(`${stage.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

async function connectPage(name: string, pageId: string) {
  const owner = await signupWithWorkspace(stage.api, name);
  fake.state.pages.clear();
  fake.addPage({ id: pageId, name: `${name} Page` });
  await connectMeta(stage, owner);
  const accounts = await stage.api.get('/social-accounts', {
    token: owner.accessToken,
    workspaceId: owner.workspaceId,
  });
  expect(accounts.body.items).toHaveLength(1);
  return owner;
}

const accountsOf = async (owner: { accessToken: string; workspaceId: string }) =>
  (await stage.api.get('/social-accounts', { token: owner.accessToken, workspaceId: owner.workspaceId })).body
    .items as unknown[];

describe('Routes: Meta data deletion and deauthorize callbacks', () => {
  it('erases what the person connected, answers { url, confirmation_code }, and shows a status page', async () => {
    // Prepare
    const owner = await connectPage('dora', '5050');
    const issuedAt = 1_790_000_000;
    const form = {
      signed_request: signedRequest(
        { algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: META_USER },
        fake.appSecret,
      ),
    };
    // Act
    const answer = await postForm('/social-accounts/meta/data-deletion', form);
    // Assess
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { url: string; confirmation_code: string };
    expect(body.confirmation_code).toMatch(/^[a-f0-9]{20}$/);
    expect(body.url).toMatch(new RegExp(`/data-deletion/${body.confirmation_code}$`));
    expect(await accountsOf(owner)).toEqual([]);
    const status = await stage.api.get(`/data-deletion/${body.confirmation_code}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      code: body.confirmation_code,
      status: 'completed',
      accountsDisconnected: 1,
    });

    // Act: Meta retries the same request
    const replay = await postForm('/social-accounts/meta/data-deletion', form);
    // Assess: same code, nothing more to erase, the record keeps what was done
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { confirmation_code: string }).confirmation_code).toBe(
      body.confirmation_code,
    );
    const again = await stage.api.get(`/data-deletion/${body.confirmation_code}`);
    expect(again.body.accountsDisconnected).toBe(1);
  });

  it('removes the accounts and their tokens on deauthorize', async () => {
    // Prepare
    const owner = await connectPage('remi', '6060');
    const form = {
      signed_request: signedRequest(
        { algorithm: 'HMAC-SHA256', issued_at: 1_790_000_100, user_id: META_USER },
        fake.appSecret,
      ),
    };
    // Act
    const answer = await postForm('/social-accounts/meta/deauthorize', form);
    // Assess
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ accountsDisconnected: 1 });
    expect(await accountsOf(owner)).toEqual([]);
  });

  it('refuses a forged signed_request, a missing field and an unknown code, erasing nothing', async () => {
    // Prepare
    const owner = await connectPage('ines', '7070');
    const forged = signedRequest(
      { algorithm: 'HMAC-SHA256', issued_at: 1, user_id: META_USER },
      'not-the-app-secret',
    );
    // Act
    const refused = await postForm('/social-accounts/meta/data-deletion', { signed_request: forged });
    const missing = await postForm('/social-accounts/meta/deauthorize', {});
    const unknown = await stage.api.get('/data-deletion/0123456789abcdef0123');
    const malformed = await stage.api.get('/data-deletion/not-a-code');
    // Assess
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(missing.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(await accountsOf(owner)).toHaveLength(1);
  });
});
