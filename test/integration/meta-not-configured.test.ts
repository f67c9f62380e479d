import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({
    env: {
      META_APP_ID: undefined,
      META_APP_SECRET: undefined,
      META_VERIFY_TOKEN: undefined,
      FRONTEND_URL: 'http://frontend.test',
    },
  });
});
afterAll(() => stage.stop());

describe('Routes: Meta without META_APP_ID', () => {
  it('answers 503 provider_not_configured for the auth URL and the webhook', async () => {
    const owner = await signupWithWorkspace(stage.api, 'unconfigured');
    const authUrl = await stage.api.get('/social-accounts/meta/auth-url', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(authUrl.status).toBe(503);
    expect(authUrl.body.error).toEqual({
      code: 'provider_not_configured',
      message: 'The meta integration is not configured on this server.',
    });
    const webhook = await stage.api.post('/social-accounts/meta/webhook', { object: 'instagram', entry: [] });
    expect(webhook.status).toBe(503);
    expect(webhook.body.error.code).toBe('provider_not_configured');
  });

  it('sends the browser back with error=provider_not_configured from the callback', async () => {
    const response = await fetch(`${stage.url}/social-accounts/meta/callback?code=x&state=y`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe(
      'provider_not_configured',
    );
  });

  it('still lists (empty) connected accounts', async () => {
    const owner = await signupWithWorkspace(stage.api, 'lister');
    const list = await stage.api.get('/social-accounts', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], nextCursor: null });
  });
});
