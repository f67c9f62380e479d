import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningWorld } from '../../infra/local/simulation/world';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';
import { bannerLineOf, NO_PROVIDER_KEYS } from '../support/world';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ env: { ...NO_PROVIDER_KEYS, FLOWIA_SIMULATE: '0' } });
});
afterAll(() => stage.stop());

describe('LocalPlugin: simulated-world with FLOWIA_SIMULATE=0', () => {
  it('starts no fake and says so, one banner line per provider', () => {
    expect(bannerLineOf(stage, 'Meta')).toBe('Meta: not configured (503 provider_not_configured)');
    expect(bannerLineOf(stage, 'Stripe')).toBe('Stripe: not configured (503 provider_not_configured)');
    expect(bannerLineOf(stage, 'Google Sheets')).toMatch(/^Google Sheets: real \(default API URL/);
    expect(runningWorld()?.meta).toBeUndefined();
    expect(process.env.META_GRAPH_URL).toBeUndefined();
  });

  it('answers 503 provider_not_configured where a provider is needed, and the console cannot simulate', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'nosim');
    const auth = { token: owner.accessToken, workspaceId: owner.workspaceId };

    // Act
    const authUrl = await stage.api.get('/social-accounts/meta/auth-url', auth);
    const checkout = await stage.api.post('/billing/create-checkout', { plan: 'premium' }, auth);
    const simulate = await stage.api.post('/local/simulate', {
      platform: 'instagram',
      kind: 'dm',
      username: 'someone',
      text: 'hi',
    });

    // Assess
    expect(authUrl.status).toBe(503);
    expect(authUrl.body.error.code).toBe('provider_not_configured');
    expect(checkout.status).toBe(503);
    expect(checkout.body.error.code).toBe('provider_not_configured');
    expect(simulate.status).toBe(503);
    expect(simulate.body.error.code).toBe('not_simulated');
  });
});
