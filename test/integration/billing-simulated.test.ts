import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupWithWorkspace } from '../support/api';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ env: { FLOWIA_SIMULATE: '1', FRONTEND_URL: 'http://127.0.0.1:5173' } });
});
afterAll(() => stage.stop());

describe('Plugin: stripe (simulated Stripe in the local stage)', () => {
  it('runs checkout end to end offline: the hosted page takes the payment and the plan moves', async () => {
    expect(stage.banner.some((line) => line.startsWith('Stripe: simulated'))).toBe(true);
    const owner = await signupWithWorkspace(stage.api, 'local');
    const as = { token: owner.accessToken, workspaceId: owner.workspaceId };
    const { body } = await stage.api.post('/billing/create-checkout', { plan: 'ultra' }, as);

    const page = await fetch(body.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('29.99 EUR');
    const paid = await fetch(body.url, { method: 'POST', redirect: 'manual' });

    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:5173\/billing\?checkout=success&session_id=cs_test_/,
    );
    expect((await stage.api.get('/billing/usage', as)).body).toMatchObject({
      plan: 'ultra',
      dmLimitPerDay: null,
    });
    const portal = await stage.api.post('/billing/create-portal', undefined, as);
    expect((await fetch(portal.body.url)).status).toBe(200);
  });
});
