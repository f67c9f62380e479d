import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupWithWorkspace } from '../support/api';
import { connectMeta } from '../support/meta';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({
    env: {
      FLOWIA_SIMULATE: '1',
      META_APP_ID: undefined,
      META_APP_SECRET: undefined,
      META_GRAPH_URL: undefined,
      META_OAUTH_URL: undefined,
    },
  });
});
afterAll(() => stage.stop());

describe('LocalPlugin: meta-simulation', () => {
  it('runs the fake Meta when no app is configured, so the connection flow works offline', async () => {
    expect(stage.banner.join('\n')).toContain('Meta: simulated');
    const owner = await signupWithWorkspace(stage.api, 'offline');
    const landing = await connectMeta(stage, owner);
    expect(landing.searchParams.get('connected')).toBe('meta');
    const list = await stage.api.get('/social-accounts', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(list.body.items.map((a: { displayName: string }) => a.displayName).sort()).toEqual([
      '@demo_shop',
      'Demo Shop',
    ]);
  });
});
